/** End to end on the ISS (see matrix.ts): lenet5, fc_autoencoder, ds_cnn, mcunet_like, inception_like, kws_ref_model, ad01_int8. */
import { endToEndMatrix } from './matrix.js';

endToEndMatrix([
  'lenet5',
  'fc_autoencoder',
  'ds_cnn',
  'mcunet_like',
  'inception_like',
  'kws_ref_model',
  'ad01_int8',
]);
