/** End to end on the ISS (see matrix.ts): resnet8. */
import { endToEndMatrix } from './matrix.js';

endToEndMatrix(['resnet8']);
