package dev.coffer.operator.sync;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Infisical's (Go) template language that managed Secrets use: {@code {{ .NAME.Value }}}
 * (the secret's value) and {@code {{ .NAME.SecretPath }}} (its folder), with or without spaces inside
 * the braces. Anything else between {@code {{ }}} (functions, pipelines, conditionals) is refused with
 * a message naming it, rather than written out wrongly.
 */
final class Template {

    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\\.([A-Za-z0-9_\\-.]+?)\\.(Value|SecretPath)");

    /** A template that cannot be rendered: the message says which part and why. */
    static final class TemplateException extends RuntimeException {
        TemplateException(String message) {
            super(message);
        }
    }

    /** A secret as templates see it. */
    record Item(String value, String path) {}

    private Template() {}

    static String render(String template, Map<String, Item> secrets) {
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String action = m.group(1);
            Matcher f = FIELD.matcher(action);
            if (!f.matches()) {
                throw new TemplateException("template action {{ " + action
                        + " }} is not supported: Coffer's operator renders {{ .NAME.Value }} and"
                        + " {{ .NAME.SecretPath }} only");
            }
            Item item = secrets.get(f.group(1));
            if (item == null) {
                throw new TemplateException(
                        "template refers to secret " + f.group(1) + ", which is not in the secrets scope");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(f.group(2).equals("Value") ? item.value() : item.path()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
