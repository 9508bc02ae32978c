package dev.coffer.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The output formats of {@code coffer export}. Every format writes the secrets in the order given
 * and ends with a line break; none of them ever changes a value.
 *
 * <p>Common contract of {@link #write(List)}: keys and values must not be null and keys must be
 * unique, otherwise an {@link IllegalArgumentException} is thrown that names the key (keys are not
 * secret) but never a value. The dotenv formats additionally require keys matching
 * {@link DotenvParser#KEY}, since other keys could not be read back.
 */
public enum ExportFormat {
    /**
     * {@code KEY=value} lines, LF line endings. A value is written bare when it is non-empty and
     * made only of {@code [A-Za-z0-9_./:@+,-]}; otherwise in double quotes, with {@code \ " $} and
     * line feed, carriage return and tab escaped as {@code \\ \" \$ \n \r \t}; every other character
     * (other control characters, non-ASCII, quotes of other kinds, {@code #}) is written as-is.
     * {@link DotenvParser} reads back exactly the same value for any value, and the empty value is
     * written {@code KEY=""}.
     *
     * <p>Note that shells do not read {@code \n} inside double quotes as a line feed and do run
     * backticks in them; this format is made for dotenv readers, not for {@code source}.
     */
    DOTENV("dotenv"),
    /**
     * {@code export KEY='value'} lines for a POSIX shell to {@code source} or {@code eval}: a value is
     * written bare when it is non-empty and made only of {@code [A-Za-z0-9_./:@+,-]}, otherwise in
     * single quotes, inside which a shell expands and runs nothing; a single quote is written
     * {@code '\''} and every other character (line breaks included) as-is. Sourcing the output sets
     * each variable to exactly its value. Keys must be shell names ({@code [A-Za-z_][A-Za-z0-9_]*}).
     * {@link DotenvParser} reads the output back too, except that it reads a carriage return as a
     * line feed.
     */
    DOTENV_EXPORT("dotenv-export"),
    /**
     * A JSON object pretty-printed by Jackson (two-space indent, LF line breaks, {@code "KEY" : "value"}),
     * keys in the given order. Jackson escapes quotes, backslashes and control characters; other
     * characters are written as-is.
     */
    JSON("json"),
    /**
     * A YAML mapping, one {@code KEY: "value"} per line. Values are always double-quoted with YAML
     * escapes: {@code \\ \"}, {@code \t \n \r}, {@code \xNN} for the other C0 controls, DEL and the
     * C1 range (including U+0085), and <code>&#92;uNNNN</code> for U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF and
     * unpaired surrogates; everything else is written as-is. Keys are written bare when they match
     * {@link DotenvParser#KEY} and are not a YAML 1.1 boolean/null word ({@code yes}, {@code no},
     * {@code on}, {@code off}, {@code y}, {@code n}, {@code true}, {@code false}, {@code null}, any
     * case), otherwise quoted like values. An empty list is written {@code {}}. Any YAML 1.1 or 1.2
     * parser reads back a mapping of the same strings.
     */
    YAML("yaml"),
    /**
     * CSV per RFC 4180: a header {@code key,value}, then one record per secret, CRLF after every
     * record. A field is quoted when it contains a comma, a double quote, CR or LF; embedded double
     * quotes are doubled. Values are not altered in any way (no spreadsheet formula escaping).
     */
    CSV("csv");

    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DOTENV_PLAIN = Pattern.compile("[A-Za-z0-9_./:@+,-]+");
    private static final Set<String> YAML_RESERVED =
            Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null");
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final String id;

    ExportFormat(String id) {
        this.id = id;
    }

    /** The name used on the command line, for example {@code dotenv-export}. */
    public String id() {
        return id;
    }

    /** The same as {@link #id()}, so that picocli lists the command-line names. */
    @Override
    public String toString() {
        return id;
    }

    /**
     * Finds the format with the given {@link #id()}, ignoring case and surrounding spaces.
     *
     * @throws IllegalArgumentException if the name is null or unknown; the message lists the choices
     */
    public static ExportFormat parse(String name) {
        String choices = Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
        if (name == null) {
            throw new IllegalArgumentException("no export format given; choose one of: " + choices);
        }
        String wanted = name.strip();
        for (ExportFormat f : values()) {
            if (f.id.equalsIgnoreCase(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + wanted + "'; choose one of: " + choices);
    }

    /**
     * Writes the secrets in this format, in the given order. See the constant's documentation for
     * the exact output, and the class documentation for the checks on keys and values.
     *
     * @throws IllegalArgumentException on a null, repeated or (dotenv formats) invalid key, or a null value
     */
    public String write(List<Map.Entry<String, String>> secrets) {
        if (secrets == null) {
            throw new IllegalArgumentException("no secrets given (null list)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < secrets.size(); i++) {
            Map.Entry<String, String> e = secrets.get(i);
            if (e == null || e.getKey() == null) {
                throw new IllegalArgumentException("secret #" + (i + 1) + " has no key");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("secret " + e.getKey() + " has no value (null)");
            }
            if (!seen.add(e.getKey())) {
                throw new IllegalArgumentException(
                        "secret " + e.getKey() + " appears more than once; " + "an export holds each key once");
            }
            if ((this == DOTENV || this == DOTENV_EXPORT)
                    && !DotenvParser.KEY.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("secret key '" + e.getKey() + "' cannot be written in "
                        + id + " format: keys there must start with a letter or '_' and contain only "
                        + "letters, digits, '_', '.' and '-'; use the json, yaml or csv format instead");
            }
            if (this == DOTENV_EXPORT && !SHELL_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("secret key '" + e.getKey() + "' cannot be written in "
                        + id + " format: a shell variable name has only letters, digits and '_'; use the "
                        + "dotenv, json, yaml or csv format instead");
            }
        }
        return switch (this) {
            case DOTENV -> dotenv(secrets);
            case DOTENV_EXPORT -> shell(secrets);
            case JSON -> json(secrets);
            case YAML -> yaml(secrets);
            case CSV -> csv(secrets);
        };
    }

    // ---- dotenv ---------------------------------------------------------------------------------

    private static String dotenv(List<Map.Entry<String, String>> secrets) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : secrets) {
            out.append(e.getKey()).append('=').append(dotenvValue(e.getValue())).append('\n');
        }
        return out.toString();
    }

    /** The value as {@link DotenvParser} reads it back unchanged. */
    static String dotenvValue(String value) {
        if (DOTENV_PLAIN.matcher(value).matches()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '$' -> out.append("\\$");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String shell(List<Map.Entry<String, String>> secrets) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : secrets) {
            out.append("export ")
                    .append(e.getKey())
                    .append('=')
                    .append(shellValue(e.getValue()))
                    .append('\n');
        }
        return out.toString();
    }

    /** The value as a POSIX shell word that expands to exactly the value. */
    static String shellValue(String value) {
        if (DOTENV_PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    // ---- json -----------------------------------------------------------------------------------

    private static String json(List<Map.Entry<String, String>> secrets) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON_FACTORY.createGenerator(w)) {
            // LF line breaks on every platform (Jackson's default indenter uses the system's)
            g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
            g.writeStartObject();
            for (Map.Entry<String, String> e : secrets) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen with a StringWriter
        }
        return w.append('\n').toString();
    }

    // ---- yaml -----------------------------------------------------------------------------------

    private static String yaml(List<Map.Entry<String, String>> secrets) {
        if (secrets.isEmpty()) {
            return "{}\n";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : secrets) {
            String key = e.getKey();
            boolean bare =
                    DotenvParser.KEY.matcher(key).matches() && !YAML_RESERVED.contains(key.toLowerCase(Locale.ROOT));
            out.append(bare ? key : yamlQuoted(key))
                    .append(": ")
                    .append(yamlQuoted(e.getValue()))
                    .append('\n');
        }
        return out.toString();
    }

    /** A YAML double-quoted scalar on one line. */
    static String yamlQuoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i)); // a supplementary character: printable
                continue;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else if (c == '\u2028'
                            || c == '\u2029'
                            || c == '\uFEFF'
                            || c == '\uFFFE'
                            || c == '\uFFFF'
                            || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    // ---- csv ------------------------------------------------------------------------------------

    private static String csv(List<Map.Entry<String, String>> secrets) {
        StringBuilder out = new StringBuilder("key,value\r\n");
        for (Map.Entry<String, String> e : secrets) {
            out.append(csvField(e.getKey()))
                    .append(',')
                    .append(csvField(e.getValue()))
                    .append("\r\n");
        }
        return out.toString();
    }

    private static String csvField(String field) {
        boolean quote = false;
        for (int i = 0; i < field.length() && !quote; i++) {
            char c = field.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
