package dev.persona.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in README.md is compiled code: each {@code ```java} block follows a {@code
 * <!-- snippet: path[#region] -->} marker, and is exactly that file (from its imports) or that
 * region of it. A README edit that is not made in the compiled source, or the other way round,
 * fails the build.
 */
final class ReadmeTest {

  private static final Pattern BLOCK = Pattern.compile(
      "(?m)^(<!-- snippet: ([^ #]+)(?:#([\\w-]+))? -->\\n)?```java\\n(.*?)^```$", Pattern.DOTALL);

  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("persona-core"))) {
        return p;
      }
    }
    throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
  }

  @Test
  void everyJavaSnippetInTheReadme_isCompiledCode() throws IOException {
    Path root = root();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher m = BLOCK.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      String block = m.group(4);
      assertThat(m.group(1)).as("a ```java block without a snippet marker:\n" + block).isNotNull();
      Path file = root.resolve(m.group(2));
      assertThat(file).as("snippet source").exists();
      String source = Files.readString(file, StandardCharsets.UTF_8);
      String expected = m.group(3) == null ? fromImports(source) : region(source, m.group(3));
      assertThat(normalize(block)).as("README snippet " + m.group(2) + (m.group(3) == null ? "" : "#" + m.group(3)))
          .isEqualTo(normalize(expected));
      checked.add(m.group(2) + (m.group(3) == null ? "" : "#" + m.group(3)));
    }
    assertThat(checked).as("README has Java snippets").hasSizeGreaterThanOrEqualTo(5);
  }

  private static String fromImports(String source) {
    int start = source.indexOf("\nimport ");
    return start < 0 ? source : source.substring(start + 1);
  }

  private static String region(String source, String name) {
    Matcher m = Pattern.compile("(?m)^[ \\t]*// @readme " + Pattern.quote(name) + "\\n(.*?)^[ \\t]*// @end$",
        Pattern.DOTALL).matcher(source);
    assertThat(m.find()).as("region " + name).isTrue();
    return m.group(1);
  }

  /** Drops the common indentation and trailing blanks, so a region inside a method matches a flush-left block. */
  private static String normalize(String text) {
    List<String> lines = text.lines().map(l -> l.replaceAll("\\s+$", "")).toList();
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return b.toString().strip();
  }
}
