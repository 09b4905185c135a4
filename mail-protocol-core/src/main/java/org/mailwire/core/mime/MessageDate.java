// SPDX-License-Identifier: Apache-2.0
package org.mailwire.core.mime;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed RFC 5322 date-time ({@code Date:}, {@code Resent-Date:}), with whether its zone said
 * anything about local time.
 *
 * <p>Accepted: the §3.3 form and the §4.3 obsolete forms: two-digit years (below 50 is 20xx,
 * else 19xx) and three-digit years (+1900), comments and extra whitespace, a missing day of week
 * or seconds, and named zones: {@code UT}/{@code GMT} (+0000), {@code EST} -0500, {@code EDT}
 * -0400, {@code CST}/{@code CDT}, {@code MST}/{@code MDT}, {@code PST}/{@code PDT}. Military
 * single letters and unknown names are read as {@code -0000}, as §4.3 asks: the time is UTC and
 * {@link #zoneKnown()} is false. A leap second 60 is read as 59.
 *
 * @param dateTime  the instant with its offset
 * @param zoneKnown false for {@code -0000}, military and unknown zones (RFC 5322 §3.3, §4.3)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5322#section-3.3">RFC 5322 §3.3</a>
 */
public record MessageDate(OffsetDateTime dateTime, boolean zoneKnown) {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    /**
     * Parses a date-time.
     *
     * @param value the unfolded field value
     * @return the date, or empty when the value is not a date
     */
    public static Optional<MessageDate> parse(String value) {
        MimeTokens in = new MimeTokens(value);
        in.skipCommentsAndSpace();
        String first = in.atom(false);
        in.skipCommentsAndSpace();
        String dayText;
        if (in.take(',')) {
            in.skipCommentsAndSpace();
            dayText = in.atom(false);
        } else if (!first.isEmpty() && !Character.isDigit(first.charAt(0))) {
            dayText = in.atom(false);
        } else {
            dayText = first;
        }
        in.skipCommentsAndSpace();
        int day = number(dayText, 1, 2);
        String monthText = in.atom(false).toLowerCase(Locale.ROOT);
        int monthIndex = monthText.length() >= 3 ? MONTHS.indexOf(monthText.substring(0, 3)) : -1;
        in.skipCommentsAndSpace();
        String yearText = in.atom(false);
        int year = number(yearText, 2, 4);
        if (day < 0 || monthIndex < 0 || monthIndex % 3 != 0 || year < 0) {
            return Optional.empty();
        }
        if (yearText.length() == 2) {
            year += year < 50 ? 2000 : 1900;
        } else if (yearText.length() == 3) {
            year += 1900;
        }
        in.skipCommentsAndSpace();
        int hour = number(in.atom(false), 1, 2);
        in.skipCommentsAndSpace();
        if (hour < 0 || !in.take(':')) {
            return Optional.empty();
        }
        in.skipCommentsAndSpace();
        int minute = number(in.atom(false), 1, 2);
        in.skipCommentsAndSpace();
        int second = 0;
        if (in.take(':')) {
            in.skipCommentsAndSpace();
            second = number(in.atom(false), 1, 2);
            in.skipCommentsAndSpace();
        }
        if (minute < 0 || second < 0) {
            return Optional.empty();
        }
        String zone = in.atom(false);
        int offsetMinutes = 0;
        boolean known = true;
        if (zone.length() == 5 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')) {
            int hh = number(zone.substring(1, 3), 2, 2);
            int mm = number(zone.substring(3, 5), 2, 2);
            if (hh < 0 || mm < 0 || hh > 18 || mm > 59) {
                return Optional.empty();
            }
            offsetMinutes = (hh * 60 + mm) * (zone.charAt(0) == '-' ? -1 : 1);
            known = !(zone.equals("-0000"));
        } else {
            switch (zone.toUpperCase(Locale.ROOT)) {
                case "UT", "UTC", "GMT", "Z" -> offsetMinutes = 0;
                case "EDT" -> offsetMinutes = -4 * 60;
                case "EST", "CDT" -> offsetMinutes = -5 * 60;
                case "CST", "MDT" -> offsetMinutes = -6 * 60;
                case "MST", "PDT" -> offsetMinutes = -7 * 60;
                case "PST" -> offsetMinutes = -8 * 60;
                default -> known = false;
            }
        }
        try {
            OffsetDateTime dateTime = OffsetDateTime.of(year, monthIndex / 3 + 1, day, hour, minute,
                    Math.min(second, 59), 0, ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            return Optional.of(new MessageDate(dateTime, known));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Reads 1 to max ASCII digits (at least min) as a number, or returns -1. */
    private static int number(String text, int min, int max) {
        if (text.length() < min || text.length() > max) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
