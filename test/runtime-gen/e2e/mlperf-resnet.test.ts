/** End to end on the ISS (see matrix.ts): pretrainedResnet_quant. */
import { endToEndMatrix } from './matrix.js';

endToEndMatrix(['pretrainedResnet_quant']);
