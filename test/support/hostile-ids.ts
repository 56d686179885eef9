/** Names of members every plain object inherits: valid ids that must find nothing but their own records (STYLE 12). */
export const BUILT_IN_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'prototype'] as const;
