package dev.coffer.operator.sync;

import dev.coffer.operator.coffer.CofferApi;
import dev.coffer.operator.resource.InfisicalSecretSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a managed Secret or ConfigMap should hold, from a listing of Coffer secrets and the managed
 * object's template. Imported secrets count less than the folder's own, and in a recursive listing a
 * deeper folder's secret wins over a shallower one of the same name (the server lists deeper ones last).
 * Names that cannot be Kubernetes keys are collected in {@link #invalidKeys}, never silently dropped.
 */
record Desired(Map<String, String> data, List<String> invalidKeys) {

    static final Pattern VALID_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    static Map<String, Template.Item> items(List<CofferApi.Entry> entries) {
        Map<String, Template.Item> out = new LinkedHashMap<>();
        for (CofferApi.Entry e : entries) if (e.imported()) out.put(e.key(), new Template.Item(e.value(), e.path()));
        for (CofferApi.Entry e : entries) if (!e.imported()) out.put(e.key(), new Template.Item(e.value(), e.path()));
        return out;
    }

    /**
     * @throws Template.TemplateException when the template cannot be rendered
     */
    static Desired of(Map<String, Template.Item> secrets, InfisicalSecretSpec.Template template) {
        Map<String, String> data = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        // no template, or one without data: every secret; otherwise the template's keys, plus every
        // secret when includeAllSecrets says so
        boolean all = template == null
                || Boolean.TRUE.equals(template.includeAllSecrets)
                || template.data == null
                || template.data.isEmpty();
        if (all) {
            for (Map.Entry<String, Template.Item> e : secrets.entrySet()) {
                if (VALID_KEY.matcher(e.getKey()).matches())
                    data.put(e.getKey(), e.getValue().value());
                else invalid.add(e.getKey());
            }
        }
        if (template != null && template.data != null) {
            for (Map.Entry<String, String> e : template.data.entrySet()) {
                if (!VALID_KEY.matcher(e.getKey()).matches()) {
                    invalid.add(e.getKey());
                    continue;
                }
                data.put(e.getKey(), Template.render(e.getValue(), secrets));
            }
        }
        return new Desired(Map.copyOf(data), List.copyOf(invalid));
    }

    /** A short digest of the data (names and values): the version workloads are annotated with. */
    static String version(Map<String, String> data) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
                d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Desired[" + data.size() + " keys, invalid " + invalidKeys + "]";
    }
}
