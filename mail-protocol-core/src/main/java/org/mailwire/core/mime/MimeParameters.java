// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code ; name=value} list after a MIME type or disposition, with RFC 2231 parameter
 * continuations ({@code name*0}, {@code name*1}) and charset/language encoding ({@code name*=}).
 *
 * <p>Lenient where mailers are sloppy: an unquoted value may hold spaces and tspecials up to the
 * next {@code ;}; a continuation with a gap ends at the gap; unknown charsets fall back to UTF-8
 * and then ISO-8859-1. Section numbers above {@link #MAX_SECTION} are ignored so the join stays
 * bounded.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2231">RFC 2231</a>
 */
final class MimeParameters {

    static final int MAX_SECTION = 999;

    private MimeParameters() {
    }

    private record Section(int number, boolean extended, String value) {
    }

    /** Parses parameters from the cursor to the end of the value. */
    static List<MimeParameter> parse(MimeTokens in) {
        int start = in.position();
        List<MimeParameter> simple = parseSimple(in);
        if (simple != null) {
            return simple;
        }
        in.position(start);
        return parseSplit(in);
    }

    /** Past this many parameters the duplicate check takes a map (see {@link #parseSplit}). */
    private static final int SIMPLE_MAX = 16;

    /**
     * The common case, in one list: no RFC 2231 section or extended name and at most
     * {@link #SIMPLE_MAX} parameters, the first of a repeated name kept. Returns null, having
     * consumed some input, when the value needs {@link #parseSplit} instead.
     */
    private static List<MimeParameter> parseSimple(MimeTokens in) {
        List<MimeParameter> out = null;
        while (true) {
            in.skipPast(';');
            in.skipCommentsAndSpace();
            if (in.atEnd()) {
                return out == null ? List.of() : List.copyOf(out);
            }
            String name = in.token().toLowerCase(Locale.ROOT);
            if (name.indexOf('*') >= 0 || (out != null && out.size() == SIMPLE_MAX)) {
                return null;
            }
            in.skipCommentsAndSpace();
            if (name.isEmpty() || !in.take('=')) {
                continue;
            }
            String value = value(in);
            if (out == null) {
                out = new ArrayList<>(2);
            }
            if (find(out, name) == null) {
                out.add(new MimeParameter(name, value));
            }
        }
    }

    /** Reads a parameter value at the cursor: a quoted string, or everything up to ';', trimmed. */
    private static String value(MimeTokens in) {
        in.skipCommentsAndSpace();
        if (!in.atEnd() && in.peek() == '"') {
            return in.quoted();
        }
        int start = in.position();
        while (!in.atEnd() && in.peek() != ';') {
            in.skip();
        }
        return in.substring(start, in.position()).strip();
    }

    /** Any parameter list: RFC 2231 sections joined and decoded (§3, §4), any number of names. */
    static List<MimeParameter> parseSplit(MimeTokens in) {
        Plain plain = new Plain();
        Map<String, Map<Integer, Section>> split = null;
        List<String> order = new ArrayList<>(4);
        while (true) {
            in.skipPast(';');
            in.skipCommentsAndSpace();
            if (in.atEnd()) {
                break;
            }
            String name = in.token().toLowerCase(Locale.ROOT);
            in.skipCommentsAndSpace();
            if (name.isEmpty() || !in.take('=')) {
                continue;
            }
            String value = value(in);
            int star = name.indexOf('*');
            if (star < 0) {
                if (!plain.containsKey(name)) {
                    plain.put(name, value);
                    order.add(name);
                }
                continue;
            }
            String base = name.substring(0, star);
            String suffix = name.substring(star + 1);
            boolean extended = suffix.endsWith("*") || suffix.isEmpty();
            String digits = suffix.endsWith("*") ? suffix.substring(0, suffix.length() - 1) : suffix;
            int number = digits.isEmpty() ? 0 : sectionNumber(digits);
            if (base.isEmpty() || number < 0) {
                continue;
            }
            if (split == null) {
                split = new HashMap<>();
            }
            Map<Integer, Section> sections = split.computeIfAbsent(base, k -> new HashMap<>());
            if (sections.isEmpty() && !plain.containsKey(base)) {
                order.add(base);
            }
            sections.putIfAbsent(number, new Section(number, extended, value));
        }
        List<MimeParameter> out = new ArrayList<>(order.size());
        for (String name : order) {
            Map<Integer, Section> sections = split == null ? null : split.get(name);
            String value = sections != null && sections.containsKey(0) ? join(sections) : plain.get(name);
            if (value == null) {
                value = plain.getOrDefault(name, "");
            }
            out.add(new MimeParameter(name, value));
        }
        return List.copyOf(out);
    }

    /**
     * First values of the plain parameters: a linear search over the few a type usually has, a
     * hash map once there are many, so a hostile list stays linear.
     */
    private static final class Plain {
        private final List<String> names = new ArrayList<>(4);
        private final List<String> values = new ArrayList<>(4);
        private Map<String, String> map;

        boolean containsKey(String name) {
            if (map != null) {
                return map.containsKey(name);
            }
            return names.contains(name);
        }

        void put(String name, String value) {
            if (map != null) {
                map.put(name, value);
                return;
            }
            names.add(name);
            values.add(value);
            if (names.size() > 16) {
                map = new HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    map.putIfAbsent(names.get(i), values.get(i));
                }
            }
        }

        String get(String name) {
            if (map != null) {
                return map.get(name);
            }
            int i = names.indexOf(name);
            return i < 0 ? null : values.get(i);
        }

        String getOrDefault(String name, String otherwise) {
            String value = get(name);
            return value != null ? value : otherwise;
        }
    }

    private static int sectionNumber(String digits) {
        if (digits.length() > 3 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Joins sections 0, 1, ... up to the first gap, decoding the extended ones (RFC 2231 §4.1). */
    private static String join(Map<Integer, Section> sections) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Charset charset = null;
        for (int i = 0; i <= MAX_SECTION; i++) {
            Section section = sections.get(i);
            if (section == null) {
                break;
            }
            String value = section.value();
            if (section.extended()) {
                if (i == 0) {
                    int first = value.indexOf('\'');
                    int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
                    if (second >= 0) {
                        charset = EncodedWords.charset(value.substring(0, first)).orElse(null);
                        value = value.substring(second + 1);
                    }
                }
                percentDecode(value, bytes);
            } else {
                bytes.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] raw = bytes.toByteArray();
        return charset != null ? new String(raw, charset) : HeaderField.text(raw, 0, raw.length);
    }

    private static void percentDecode(String value, ByteArrayOutputStream out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()
                    && EncodedWords.hexDigit(value.charAt(i + 1)) >= 0 && EncodedWords.hexDigit(value.charAt(i + 2)) >= 0) {
                out.write(EncodedWords.hexDigit(value.charAt(i + 1)) << 4 | EncodedWords.hexDigit(value.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Returns the value of the named parameter in a list, or null. */
    static String find(List<MimeParameter> parameters, String name) {
        for (MimeParameter parameter : parameters) {
            if (parameter.name().equalsIgnoreCase(name)) {
                return parameter.value();
            }
        }
        return null;
    }
}
