package dev.parley.desktop.common;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Dates and times the way WhatsApp words them, in the user's zone: "14:05", "Yesterday", "last seen today at 14:05". */
public final class Formats {

    /** Times in the user's own format (12 or 24 hours, as their locale has it), as the web client shows them. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT);
    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEEE", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
            .withLocale(Locale.ENGLISH);

    private final Clock clock;

    public Formats(Clock clock) {
        this.clock = clock;
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    private long daysAgo(Instant at) {
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(at, zone()), LocalDate.now(clock));
    }

    /** "you can't message this person" → "You can't message this person.": the server's terse reason for people. */
    public static String sentence(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        String capital = Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
        return capital.matches("(?s).*[.!?…]$") ? capital : capital + ".";
    }

    /** "14:05": the time on a bubble. */
    public String time(Instant at) {
        return TIME.format(at.atZone(zone()));
    }

    /** The calendar day of a message, for day separators. */
    public LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone());
    }

    /** A day separator: "Today", "Yesterday", a weekday within the week, else the full date. */
    public String dayLabel(Instant at) {
        long days = daysAgo(at);
        if (days <= 0) {
            return "Today";
        }
        if (days == 1) {
            return "Yesterday";
        }
        return days < 7 ? WEEKDAY.format(at.atZone(zone())) : LONG_DATE.format(at.atZone(zone()));
    }

    /** The time in the chat list: a time today, then "Yesterday", a weekday, a short date. */
    public String listTime(Instant at) {
        long days = daysAgo(at);
        if (days <= 0) {
            return time(at);
        }
        if (days == 1) {
            return "Yesterday";
        }
        return days < 7 ? WEEKDAY.format(at.atZone(zone())) : SHORT_DATE.format(at.atZone(zone()));
    }

    /** "last seen today at 14:05" and friends; empty when the user never connected. */
    public String lastSeen(Instant at) {
        if (at == null) {
            return "";
        }
        long days = daysAgo(at);
        if (days <= 0) {
            return "last seen today at " + time(at);
        }
        if (days == 1) {
            return "last seen yesterday at " + time(at);
        }
        return "last seen " + SHORT_DATE.format(at.atZone(zone())) + " at " + time(at);
    }

    /** When another device was last used: "Last active today at 14:05", "… yesterday at …", "… on 03/11/2026 at …". */
    public String lastActive(Instant at) {
        long days = daysAgo(at);
        if (days <= 0) {
            return "Last active today at " + time(at);
        }
        if (days == 1) {
            return "Last active yesterday at " + time(at);
        }
        return "Last active on " + SHORT_DATE.format(at.atZone(zone())) + " at " + time(at);
    }
}
