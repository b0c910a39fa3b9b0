package dev.persona.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.PersonaException;
import dev.persona.SurveySubmission;
import dev.persona.importing.CourseDocument;
import dev.persona.model.JsonValue;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Survey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long Persona's parsers take to refuse 1 MiB hostile inputs (the inputs that once took 19 s and
 * 4.7 s of CPU), against a baseline in the same process: plain Jackson reading a benign 1 MiB JSON
 * document into a tree. Each case is timed as the median of 15 rounds after 5 warm-up rounds.
 *
 * <pre>mvn -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.persona.benchmarks.HostileInput</pre>
 */
public final class HostileInput {

  private static final int MIB = 1024 * 1024;
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private HostileInput() {}

  /**
   * Runs the cases and prints a table.
   *
   * @param args none
   */
  public static void main(String[] args) {
    String benign = benign();
    double base = medianMillis(() -> {
      try {
        return JACKSON.readTree(benign);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
    String items = distinctItems();
    cases.put("survey, 1 MiB, ~100,000 distinct list items", () -> Survey.parse(items));
    cases.put("survey submission, same body", () -> SurveySubmission.fromJson(JsonValue.parse(items)));
    // a legacy key, so the emphasis stripping that was quadratic on runs of '*' runs over all of it
    String stars = "{\"motivational_quote\":\"" + "*".repeat(MIB - 40) + "\"}";
    cases.put("content (legacy format), 1 MiB run of '*'", () -> PersonalizedContent.readJson(stars));
    String emphasis = "{\"motivational_quote\":\"" + "*_".repeat((MIB - 40) / 4) + "_*".repeat((MIB - 40) / 4) + "\"}";
    cases.put("content (legacy format), 1 MiB of nested '*_ ... _*'", () -> PersonalizedContent.readJson(emphasis));
    String deep = "[".repeat(MIB / 2) + "]".repeat(MIB / 2);
    cases.put("JSON, 1 MiB of nesting", () -> JsonValue.parse(deep));
    String dupes = dupes();
    cases.put("JSON, 1 MiB object with a duplicate key at the end", () -> JsonValue.parse(dupes));
    String lessons = manyLessons();
    cases.put("course document, 1 MiB, 30,000 lessons", () -> CourseDocument.parse(lessons));

    System.out.printf("baseline: Jackson readTree of a benign 1 MiB document: %.2f ms%n%n", base);
    System.out.printf("%-55s %10s %12s  %s%n", "hostile input", "ms", "/ baseline", "answer");
    for (var c : cases.entrySet()) {
      String answer = answer(c.getValue());
      double ms = medianMillis(() -> {
        try {
          return c.getValue().get();
        } catch (PersonaException e) {
          return e;
        }
      });
      System.out.printf("%-55s %10.2f %11.2fx  %s%n", c.getKey(), ms, ms / base, answer);
    }
  }

  private static String answer(Supplier<Object> s) {
    try {
      Object unused = s.get();
      return "accepted";
    } catch (PersonaException e) {
      String m = String.valueOf(e.getMessage());
      return e.getClass().getSimpleName() + ": " + (m.length() > 70 ? m.substring(0, 70) + "..." : m);
    }
  }

  private static double medianMillis(Supplier<Object> work) {
    int sink = 0;
    for (int i = 0; i < 5; i++) {
      sink += System.identityHashCode(work.get());
    }
    double[] times = new double[15];
    for (int i = 0; i < times.length; i++) {
      long t = System.nanoTime();
      sink += System.identityHashCode(work.get());
      times[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(times);
    if (sink == 42) {
      System.out.print(""); // keeps the results alive
    }
    return times[times.length / 2];
  }

  private static String benign() {
    StringBuilder b = new StringBuilder("{\"items\":[");
    int i = 0;
    while (b.length() < MIB) {
      b.append(i > 0 ? "," : "").append("{\"n\":").append(i).append(",\"text\":\"lesson ").append(i++).append("\"}");
    }
    return b.append("]}").toString();
  }

  private static String distinctItems() {
    List<String> items = new ArrayList<>();
    int size = 0;
    for (int i = 0; size < MIB - 200; i++) {
      String item = "\"a" + i + "\"";
      items.add(item);
      size += item.length() + 1;
    }
    return "{\"uid\":\"u\",\"course\":\"c\",\"motivation\":[" + String.join(",", items) + "]}";
  }

  private static String dupes() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; b.length() < MIB - 100; i++) {
      b.append("\"k").append(i).append("\":1,");
    }
    return b.append("\"k0\":2}").toString();
  }

  private static String manyLessons() {
    StringBuilder b = new StringBuilder("{\"slug\":\"s\",\"title\":\"t\",\"lessons\":[");
    for (int i = 1; b.length() < MIB - 100; i++) {
      b.append(i > 1 ? "," : "").append("{\"number\":").append(i).append(",\"title\":\"L").append(i).append("\"}");
    }
    return b.append("]}").toString();
  }
}
