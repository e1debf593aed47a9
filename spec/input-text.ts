// Reads an input file (a spec or a manifest) as text: a regular file, within the size limit, and
// valid UTF-8 — never decoded into replacement characters that would then pass as content.
import { isUtf8 } from "node:buffer";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { formatBytes, INPUT_LIMITS, type InputLimits } from "./input-limits.js";

/** The file cannot be read as a spec or manifest; `message` says why and what to do. */
export class InputTextError extends Error {
  override name = "InputTextError";
  /** The bytes are not UTF-8 (otherwise: the file is too large, or not a file). */
  readonly encoding: boolean;

  constructor(message: string, options: { encoding?: boolean } = {}) {
    super(message);
    this.encoding = options.encoding ?? false;
  }
}

export async function readInputText(path: string, limits: InputLimits = INPUT_LIMITS): Promise<string> {
  // Non-blocking: opening a FIFO waits for a writer otherwise; the check below then refuses it.
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await file.stat();
    if (!info.isFile()) throw new InputTextError("is not a regular file: name a file or a directory of files");
    if (info.size > limits.fileBytes) throw tooLarge(info.size, limits);
    // At most one byte more than allowed: a file that grows while it is read is caught too.
    const buffer = Buffer.alloc(Math.min(info.size, limits.fileBytes) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      ({ bytesRead: read } = await file.read(buffer, length, buffer.length - length, length));
    }
    if (length > limits.fileBytes) throw tooLarge(length, limits);
    return decodeUtf8(buffer.subarray(0, length));
  } finally {
    await file.close();
  }
}

function tooLarge(bytes: number, limits: InputLimits): InputTextError {
  return new InputTextError(`is ${formatBytes(bytes)} or more; an input file may hold at most ${formatBytes(limits.fileBytes)}: split it`);
}

/** The text of UTF-8 bytes (a byte order mark dropped); an InputTextError names the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).reduce((count, byte) => (byte === 0x0a ? count + 1 : count), 1);
    throw new InputTextError(
      `is not UTF-8: byte 0x${bytes[offset]!.toString(16).padStart(2, "0").toUpperCase()} at offset ${offset} (line ${line}) is not part of a UTF-8 character; save the file as UTF-8`,
      { encoding: true },
    );
  }
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence. The decoder
 * replaces each bad sequence with U+FFFD; the first replacement that is not an encoded U+FFFD in
 * the input is where the bytes stop being UTF-8.
 */
function firstInvalidUtf8(bytes: Buffer): number {
  const text = bytes.toString("utf8");
  for (let index = text.indexOf("\uFFFD"); index !== -1; index = text.indexOf("\uFFFD", index + 1)) {
    const offset = Buffer.byteLength(text.slice(0, index));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
  }
  return bytes.length;
}
