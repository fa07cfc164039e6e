const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** 6-bit value per byte for both alphabets (RFC 4648 §4 and §5); -1 for anything else. */
export const BASE64_VALUES: Int8Array = new Int8Array(256).fill(-1)
for (let i = 0; i < 64; i++) BASE64_VALUES[ALPHABET.charCodeAt(i)] = i
BASE64_VALUES['-'.charCodeAt(0)] = 62
BASE64_VALUES['_'.charCodeAt(0)] = 63
