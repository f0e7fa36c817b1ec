package org.mnistlab.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Minimal reader for (ustar / GNU / pax) tar streams, enough to pull regular files out of an npm package tarball:
 * 512-byte headers, octal or base-256 sizes, the ustar name prefix, GNU long names ({@code L}) and pax {@code path}
 * records ({@code x}).
 */
final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    /**
     * Copies each regular entry whose path is in {@code wanted} to the stream {@code target} gives for it.
     *
     * @return the wanted paths that were found
     */
    static Set<String> extract(InputStream tar, Set<String> wanted, EntryTarget target) throws IOException {
        Set<String> found = new java.util.HashSet<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (!readBlock(tar, header)) {
                throw new EOFException("tar stream ends without its end-of-archive blocks");
            }
            if (isZero(header)) {
                return found; // end of archive
            }
            checkChecksum(header);
            long size = parseNumber(header, 124, 12);
            char type = (char) header[156];
            String name = longName != null ? longName : entryName(header);
            longName = null;
            if (type == 'L') {
                longName = trimNul(new String(readBytes(tar, size), StandardCharsets.UTF_8));
                skipPadding(tar, size);
                continue;
            }
            if (type == 'x') {
                String path = paxRecords(readBytes(tar, size)).get("path");
                skipPadding(tar, size);
                longName = path;
                continue;
            }
            boolean regular = type == '0' || type == '\0' || type == '7';
            if (regular && wanted.contains(name)) {
                try (OutputStream out = target.open(name)) {
                    copy(tar, out, size);
                }
                found.add(name);
            } else {
                skip(tar, size);
            }
            skipPadding(tar, size);
        }
    }

    /** Where to write an extracted entry. */
    @FunctionalInterface
    interface EntryTarget {
        OutputStream open(String entryName) throws IOException;
    }

    private static String entryName(byte[] header) {
        String name = field(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static Map<String, String> paxRecords(byte[] data) {
        // Records are "<length> <key>=<value>\n".
        Map<String, String> records = new HashMap<>();
        int at = 0;
        while (at < data.length) {
            int space = indexOf(data, (byte) ' ', at);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII).trim());
            if (length <= 0 || at + length > data.length) {
                break;
            }
            String record = new String(data, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals > 0) {
                records.put(record.substring(0, equals), record.substring(equals + 1));
            }
            at += length;
        }
        return records;
    }

    private static void checkChecksum(byte[] header) throws IOException {
        long stored = parseNumber(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException("corrupt tar header (checksum " + stored + ", computed " + sum + ")");
        }
    }

    /** Octal text, or base-256 when the top bit of the first byte is set (GNU, for sizes over 8 GB). */
    private static long parseNumber(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7F;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xFF);
            }
            return value;
        }
        String text = trimNul(new String(header, offset, length, StandardCharsets.US_ASCII)).trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header: bad number '" + text + "'");
        }
    }

    private static String field(byte[] header, int offset, int length) {
        return trimNul(new String(header, offset, length, StandardCharsets.UTF_8));
    }

    private static String trimNul(String s) {
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar stream truncated inside a header");
        }
        return true;
    }

    private static byte[] readBytes(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar metadata entry too large: " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar stream truncated");
        }
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("tar stream truncated: entry ends " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size) throws IOException {
        long left = size;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar stream truncated while skipping an entry");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        skip(in, padding);
    }
}
