package dev.coffer.server.access;

import java.util.List;

/**
 * One condition of a permission rule on one field of a {@link Resource}: {@code $eq}, {@code $neq},
 * {@code $in} or {@code $glob}, as Infisical's custom roles write them. Comparisons are exact (no case
 * folding, no trimming).
 */
public record Condition(Field field, Op op, List<String> values, List<Glob> globs) {

    /** The resource fields a condition can test. */
    public enum Field {
        ENVIRONMENT,
        SECRET_PATH,
        SECRET_NAME,
        SECRET_TAGS
    }

    public enum Op {
        EQ,
        NEQ,
        IN,
        GLOB
    }

    public Condition {
        values = List.copyOf(values);
        globs = op == Op.GLOB ? values.stream().map(Glob::compile).toList() : List.of();
    }

    public static Condition of(Field field, Op op, String... values) {
        return new Condition(field, op, List.of(values), null);
    }

    /**
     * Whether the resource satisfies this condition; null when the resource does not name the field
     * (the caller decides what an unknown means).
     */
    Boolean test(Resource r) {
        return switch (field) {
            case ENVIRONMENT -> r.environment() == null ? null : test(r.environment());
            case SECRET_PATH -> r.secretPath() == null ? null : test(r.secretPath());
            case SECRET_NAME -> r.secretName() == null ? null : test(r.secretName());
            case SECRET_TAGS ->
                r.secretName() == null
                        ? null
                        : op == Op.NEQ
                                ? r.tags().stream().allMatch(this::test)
                                : r.tags().stream().anyMatch(this::test);
        };
    }

    private boolean test(String value) {
        return switch (op) {
            case EQ -> values.getFirst().equals(value);
            case NEQ -> !values.getFirst().equals(value);
            case IN -> values.contains(value);
            case GLOB -> globs.stream().anyMatch(g -> g.matches(value));
        };
    }
}
