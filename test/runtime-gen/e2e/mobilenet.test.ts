/** End to end on the ISS (see matrix.ts): mobilenet_v1_025, vww_96_int8. */
import { endToEndMatrix } from './matrix.js';

endToEndMatrix(['mobilenet_v1_025', 'vww_96_int8']);
