// SPDX-License-Identifier: Apache-2.0
package org.mailwire.pop3.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.mailwire.core.Secret;
import org.mailwire.core.codec.Ascii;
import org.mailwire.core.codec.LineFramer;
import org.mailwire.core.codec.Utf8;

/**
 * Incremental decoder of POP3 command lines, and their encoder.
 *
 * <p>{@link #next(ByteBuffer)} consumes received bytes until one command line is complete and
 * returns the command, or returns {@code null} once the input is used up. Lines are framed by a
 * {@link LineFramer} with a limit of {@link #MAX_COMMAND_LENGTH} octets including the CRLF (RFC
 * 2449 §4) and bare CR or LF rejected, so memory per connection is one 253-octet array. Keywords
 * are case-insensitive (RFC 1939 §3); numbers are parsed through {@link Ascii} with overflow
 * checked before it happens. Any malformed line raises a {@link Pop3ProtocolException} whose
 * response the session sends; the decoder then goes on with the next line. Not thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1939#section-3">RFC 1939 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2449#section-4">RFC 2449 §4</a>
 */
public final class Pop3CommandDecoder {

    /** The longest command line in octets with its CRLF (RFC 2449 §4). */
    public static final int MAX_COMMAND_LENGTH = 255;

    private static final String[] KEYWORDS = {
        "USER", "PASS", "APOP", "AUTH", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL",
        "QUIT", "CAPA", "STLS", "UTF8",
    };

    private final LineFramer framer;
    private long octetsSinceLine;

    /** Creates a decoder with the RFC 2449 §4 limit. */
    public Pop3CommandDecoder() {
        this(MAX_COMMAND_LENGTH);
    }

    /**
     * Creates a decoder with another line limit.
     *
     * @param maxCommandLength the longest line including CRLF, {@code >= 8}
     */
    public Pop3CommandDecoder(int maxCommandLength) {
        if (maxCommandLength < 8) {
            throw new IllegalArgumentException("maxCommandLength < 8: " + maxCommandLength);
        }
        this.framer = LineFramer.of(maxCommandLength);
    }

    /**
     * Consumes input until a command line is complete or the input runs out.
     *
     * @param input received bytes; the position advances past what was consumed
     * @return the command, or {@code null} if every byte was consumed without completing a line
     * @throws Pop3ProtocolException if the line is too long, holds a bare CR or LF, or is not a
     *                               valid command; the rest of a bad line is skipped
     */
    public Pop3Command next(ByteBuffer input) {
        int before = input.position();
        LineFramer.Result result = framer.next(input);
        octetsSinceLine += input.position() - before;
        switch (result) {
            case LINE -> {
                octetsSinceLine = 0;
                return parse(framer.lineArray(), 0, framer.lineLength());
            }
            case NEED_INPUT -> {
                return null;
            }
            case LINE_TOO_LONG -> throw new Pop3ProtocolException("command line too long");
            case BARE_LINE_ENDING -> throw new Pop3ProtocolException("bare CR or LF in command");
            default -> throw new IllegalStateException("unknown framer result " + result);
        }
    }

    /**
     * Tells whether part of a line has been received, so that the per-command deadline applies.
     *
     * @return {@code true} in the middle of a line
     */
    public boolean midCommand() {
        return framer.midLine() || octetsSinceLine > 0;
    }

    /**
     * Returns how many octets were consumed since the last complete line: a peer that never
     * sends a CRLF makes this grow, which the session caps.
     *
     * @return octets of the current, unfinished (possibly discarded) line
     */
    public long octetsSinceLastLine() {
        return octetsSinceLine;
    }

    /** Forgets a partial line, as after STLS (RFC 2595 §4). */
    public void reset() {
        framer.reset();
        octetsSinceLine = 0;
    }

    /**
     * Tells whether a keyword is one of the commands this library knows.
     *
     * @param keyword the keyword, any case
     * @return {@code true} for the keywords of {@link Pop3Command}'s records other than Unknown
     */
    public static boolean isKnownKeyword(String keyword) {
        for (String k : KEYWORDS) {
            if (k.equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses one command line without its CRLF.
     *
     * @param line the array
     * @param from first index, inclusive
     * @param to   end, exclusive
     * @return the command
     * @throws Pop3ProtocolException if the line is not a valid command
     */
    public static Pop3Command parse(byte[] line, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = line[i];
            // RFC 1939 §3: printable ASCII separated by spaces; a NUL or control byte never
            // belongs to a command (Dovecot CVE-2019-11500 came from a NUL accepted pre-auth).
            if (b != ' ' && Ascii.isControl(b)) {
                throw new Pop3ProtocolException("control character in command");
            }
        }
        int space = Ascii.indexOf(line, from, to, (byte) ' ');
        int keywordEnd = space < 0 ? to : space;
        if (keywordEnd == from) {
            throw new Pop3ProtocolException("no command keyword");
        }
        String keyword = utf8(line, from, keywordEnd).toUpperCase(Locale.ROOT);
        if (keyword.equals("PASS")) {
            // The password is the rest of the line, spaces included (RFC 1939 §7, PASS).
            if (space < 0 || space + 1 == to) {
                throw new Pop3ProtocolException("PASS needs a password");
            }
            try {
                return new Pop3Command.Pass(Secret.ofUtf8(java.util.Arrays.copyOfRange(line, space + 1, to)));
            } catch (IllegalArgumentException malformed) {
                // Malformed UTF-8 is the peer's error (RFC 6856 §2), answered -ERR like any other.
                throw new Pop3ProtocolException("invalid UTF-8");
            }
        }
        java.util.List<String> args = new ArrayList<>(2);
        int at = keywordEnd;
        int end = to;
        while (end > at && line[end - 1] == ' ') {
            end--; // trailing spaces are harmless and some old clients send them
        }
        while (at < end) {
            at++; // the single space separator
            int next = Ascii.indexOf(line, at, end, (byte) ' ');
            int argEnd = next < 0 ? end : next;
            if (argEnd == at) {
                throw new Pop3ProtocolException("empty argument");
            }
            if (args.size() == 2) {
                throw new Pop3ProtocolException("too many arguments");
            }
            args.add(utf8(line, at, argEnd));
            at = argEnd;
        }
        try {
            return build(keyword, args);
        } catch (IllegalArgumentException e) {
            throw new Pop3ProtocolException("invalid argument");
        }
    }

    private static Pop3Command build(String keyword, java.util.List<String> args) {
        int n = args.size();
        return switch (keyword) {
            case "USER" -> {
                exactly(n, 1);
                yield new Pop3Command.User(args.get(0));
            }
            case "APOP" -> {
                exactly(n, 2);
                yield new Pop3Command.Apop(args.get(0), args.get(1));
            }
            case "AUTH" -> new Pop3Command.Auth(
                    n > 0 ? Optional.of(args.get(0)) : Optional.empty(),
                    n > 1 ? Optional.of(args.get(1)) : Optional.empty());
            case "STAT" -> none(n, new Pop3Command.Stat());
            case "LIST" -> new Pop3Command.List(optionalNumber(args));
            case "RETR" -> {
                exactly(n, 1);
                yield new Pop3Command.Retr(number(args.get(0)));
            }
            case "DELE" -> {
                exactly(n, 1);
                yield new Pop3Command.Dele(number(args.get(0)));
            }
            case "NOOP" -> none(n, new Pop3Command.Noop());
            case "RSET" -> none(n, new Pop3Command.Rset());
            case "TOP" -> {
                exactly(n, 2);
                int message = number(args.get(0));
                long lines = parseNumber(args.get(1));
                if (lines < 0) {
                    throw new Pop3ProtocolException("invalid line count");
                }
                yield new Pop3Command.Top(message, (int) lines);
            }
            case "UIDL" -> new Pop3Command.Uidl(optionalNumber(args));
            case "QUIT" -> none(n, new Pop3Command.Quit());
            case "CAPA" -> none(n, new Pop3Command.Capa());
            case "STLS" -> none(n, new Pop3Command.Stls());
            case "UTF8" -> none(n, new Pop3Command.Utf8());
            default -> {
                for (int i = 0; i < keyword.length(); i++) {
                    char c = keyword.charAt(i);
                    if (c <= 0x20 || c >= 0x7F) {
                        throw new Pop3ProtocolException("malformed command keyword");
                    }
                }
                yield new Pop3Command.Unknown(keyword);
            }
        };
    }

    private static Pop3Command none(int n, Pop3Command command) {
        exactly(n, 0);
        return command;
    }

    private static void exactly(int n, int expected) {
        if (n != expected) {
            throw new Pop3ProtocolException(n < expected ? "missing argument" : "too many arguments");
        }
    }

    private static OptionalInt optionalNumber(java.util.List<String> args) {
        if (args.size() > 1) {
            throw new Pop3ProtocolException("too many arguments");
        }
        return args.isEmpty() ? OptionalInt.empty() : OptionalInt.of(number(args.get(0)));
    }

    private static int number(String arg) {
        long value = parseNumber(arg);
        if (value < 1) {
            throw new Pop3ProtocolException("invalid message number");
        }
        return (int) value;
    }

    private static long parseNumber(String arg) {
        byte[] bytes = arg.getBytes(StandardCharsets.US_ASCII);
        return Ascii.parseUnsignedLong(bytes, 0, bytes.length, Integer.MAX_VALUE);
    }

    /** Decodes strict UTF-8 (RFC 6856 §2), refusing malformed sequences. */
    static String utf8(byte[] bytes, int from, int to) {
        String text = Utf8.decodeStrict(bytes, from, to);
        if (text == null) {
            throw new Pop3ProtocolException("invalid UTF-8");
        }
        return text;
    }

    /**
     * Encodes a command as a client sends it, with its CRLF.
     *
     * @param command the command
     * @return the octets, UTF-8
     */
    public static byte[] encode(Pop3Command command) {
        String line;
        if (command instanceof Pop3Command.User u) {
            line = "USER " + u.name();
        } else if (command instanceof Pop3Command.Pass p) {
            line = "PASS " + new String(p.password().chars());
        } else if (command instanceof Pop3Command.Apop a) {
            line = "APOP " + a.name() + " " + a.digest();
        } else if (command instanceof Pop3Command.Auth a) {
            line = "AUTH" + a.mechanism().map(m -> " " + m).orElse("")
                    + a.initialResponse().map(r -> " " + r).orElse("");
        } else if (command instanceof Pop3Command.List l) {
            line = "LIST" + optional(l.message());
        } else if (command instanceof Pop3Command.Retr r) {
            line = "RETR " + r.message();
        } else if (command instanceof Pop3Command.Dele d) {
            line = "DELE " + d.message();
        } else if (command instanceof Pop3Command.Top t) {
            line = "TOP " + t.message() + " " + t.lines();
        } else if (command instanceof Pop3Command.Uidl u) {
            line = "UIDL" + optional(u.message());
        } else if (command instanceof Pop3Command.Unknown u) {
            line = u.keyword();
        } else {
            // The commands without arguments: the record's simple name is the keyword.
            line = command.getClass().getSimpleName().toUpperCase(Locale.ROOT);
        }
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String optional(OptionalInt n) {
        return n.isPresent() ? " " + n.getAsInt() : "";
    }
}
