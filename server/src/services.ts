/** Transitional: modules still importing `Infrastructure` from here move to `./infrastructure`; then this file goes. */
export type { Infrastructure } from './infrastructure';
