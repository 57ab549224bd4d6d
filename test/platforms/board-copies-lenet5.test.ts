/** Renamed board copies run lenet5 exactly as the built-in boards (board-copies.ts). */
import { boardCopies } from './board-copies.js';

boardCopies('lenet5');
