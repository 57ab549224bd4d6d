/** Renamed board copies run ds_cnn exactly as the built-in boards (board-copies.ts). */
import { boardCopies } from './board-copies.js';

boardCopies('ds_cnn');
