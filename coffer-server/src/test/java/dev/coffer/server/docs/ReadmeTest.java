package dev.coffer.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README says only what is so: its security section lists the server's runtime dependencies at the
 * versions the POMs pin, and every file it names or links to is in the repository.
 */
class ReadmeTest {

    private static final Path ROOT = repositoryRoot();

    @Test
    void theSecurityTableListsEveryRuntimeDependencyOfTheServerAtThePinnedVersion() throws Exception {
        Document parent = xml(ROOT.resolve("pom.xml"));
        Map<String, String> properties = new HashMap<>();
        Node props = parent.getElementsByTagName("properties").item(0);
        for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e)
                properties.put(e.getTagName(), e.getTextContent().trim());
        }
        Map<String, Element> managed = new HashMap<>();
        Element management =
                (Element) parent.getElementsByTagName("dependencyManagement").item(0);
        for (Element d : children(management.getElementsByTagName("dependency"))) managed.put(text(d, "artifactId"), d);

        Map<String, String> declared = new TreeMap<>();
        for (Element d : children(xml(ROOT.resolve("coffer-server/pom.xml")).getElementsByTagName("dependency"))) {
            Element m = managed.getOrDefault(text(d, "artifactId"), d);
            boolean test = "test".equals(text(d, "scope")) || "test".equals(text(m, "scope"));
            if (test || "dev.coffer".equals(text(d, "groupId"))) continue;
            String version = text(m, "version");
            Matcher p = Pattern.compile("\\$\\{(.+)}").matcher(version);
            if (p.matches()) version = properties.get(p.group(1));
            declared.put(text(d, "artifactId"), version);
        }

        String security = section(readme(), "## Security");
        Map<String, String> listed = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\|[^|\\n]*\\| `([^`]+)` \\| ([^|\\s]+) \\|$")
                .matcher(security);
        while (row.find()) listed.put(row.group(1), row.group(2));
        assertThat(listed)
                .as("README's security table (artifact → version) against coffer-server/pom.xml and pom.xml")
                .isEqualTo(declared);
    }

    @Test
    void everyFileTheReadmeNamesOrLinksToIsInTheRepository() throws IOException {
        List<String> missing = new ArrayList<>();
        String text = readme();
        // links to files, and names of files with a path or of Markdown documents, in code or prose
        Matcher link = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)").matcher(text);
        while (link.find()) if (!Files.exists(ROOT.resolve(link.group(1)))) missing.add(link.group(1));
        Matcher file = Pattern.compile("(?<![\\w./<>-])((?:[\\w.-]+/)+[\\w.-]+\\.(?:md|mjs|js|sh|java|lua|xml|json)"
                        + "|[\\w.-]+\\.md)(?![\\w/-])")
                .matcher(text);
        while (file.find()) {
            String name = file.group(1);
            if (name.startsWith("shop-app/")) continue; // the quick start's own application, made by the reader
            if (!Files.exists(ROOT.resolve(name))) missing.add(name);
        }
        assertThat(missing)
                .as("files README.md names that are not in the repository")
                .isEmpty();
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    }

    private static String section(String text, String heading) {
        int start = text.indexOf("\n" + heading);
        assertThat(start).as("README has a section %s", heading).isNotNegative();
        int end = text.indexOf("\n## ", start + heading.length());
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static Document xml(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> children(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
        return out;
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    /** The directory holding README.md and the parent pom.xml: the module's parent when run by Maven. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("coffer-server/pom.xml"))) return p;
        }
        throw new IllegalStateException(
                "README.md not found above " + Path.of("").toAbsolutePath());
    }
}
