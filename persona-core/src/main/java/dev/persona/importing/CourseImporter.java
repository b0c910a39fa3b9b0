package dev.persona.importing;

import dev.persona.ValidationException;
import dev.persona.importing.ImportReport.Change;
import dev.persona.importing.ImportReport.Line;
import dev.persona.internal.Check;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Imports a course from a {@link CourseDocument}.
 *
 * <ul>
 *   <li><b>Idempotent.</b> Importing the same document twice changes nothing the second time.
 *   <li><b>Identity kept.</b> A lesson is found by its key (a video id) or, without one, by its
 *       number. A changed lesson is updated in place and keeps its id, so its personalizations stay
 *       attached and become stale through their fingerprints; renumbering (even swapping two
 *       numbers) detaches nothing.
 *   <li><b>Scoped.</b> Only the named course's lessons are touched. Lessons the document does not
 *       mention are left as they are (and reported), never deleted.
 *   <li><b>All or nothing.</b> The whole import is one store transaction; a document that fails
 *       validation changes nothing, and the error names the lesson and field.
 *   <li><b>Additive content.</b> Content keys the document does not mention are kept, so importing
 *       transcripts does not wipe other data (the original system lost its templates and video ids
 *       this way).
 * </ul>
 */
public final class CourseImporter {

  private final PersonaStore store;

  /**
   * An importer writing to a store.
   *
   * @param store the store
   */
  public CourseImporter(PersonaStore store) {
    this.store = Check.required(store, "store");
  }

  /**
   * Imports a document.
   *
   * @param doc the course
   * @return what changed
   * @throws ValidationException naming the lesson and field, when the document conflicts with what
   *     is stored; nothing is changed
   */
  public ImportReport importCourse(CourseDocument doc) {
    Check.required(doc, "document");
    return store.inTransaction(tx -> apply(tx, doc));
  }

  private static ImportReport apply(PersonaStore tx, CourseDocument doc) {
    Optional<Course> found = tx.findCourse(doc.slug());
    Course course;
    boolean created = found.isEmpty();
    boolean courseUpdated = false;
    if (found.isEmpty()) {
      course = new Course(UUID.randomUUID(), doc.slug(), doc.title(), doc.description());
      tx.saveCourse(course);
    } else {
      Course old = found.get();
      course = new Course(old.id(), old.slug(), doc.title(), doc.description());
      if (!course.equals(old)) {
        tx.saveCourse(course);
        courseUpdated = true;
      }
    }

    List<Lesson> existing = tx.lessons(course.id());
    Map<String, Lesson> byKey = new HashMap<>();
    Map<Integer, Lesson> unkeyedByNumber = new HashMap<>();
    for (Lesson l : existing) {
      if (l.externalId() != null) {
        byKey.put(l.externalId(), l);
      } else {
        unkeyedByNumber.put(l.number(), l);
      }
    }
    // Match every document lesson to a stored one, or none.
    List<@Nullable Lesson> matched = new ArrayList<>();
    Set<UUID> claimed = new HashSet<>();
    for (LessonDocument d : doc.lessons()) {
      Lesson m = d.key() != null ? byKey.get(d.key()) : unkeyedByNumber.get(d.number());
      if (m == null && d.key() != null) {
        // a keyless stored lesson at this number is the same lesson, now given its key
        Lesson atNumber = unkeyedByNumber.get(d.number());
        m = atNumber != null && !claimed.contains(atNumber.id()) ? atNumber : null;
      }
      if (m != null) {
        claimed.add(m.id());
      }
      matched.add(m);
    }
    // A number the document wants may be held by a stored lesson the document does not mention.
    List<UUID> untouched = new ArrayList<>();
    Map<Integer, Lesson> unclaimedByNumber = new HashMap<>();
    for (Lesson l : existing) {
      if (!claimed.contains(l.id())) {
        untouched.add(l.id());
        unclaimedByNumber.put(l.number(), l);
      }
    }
    List<ValidationException.FieldError> conflicts = new ArrayList<>();
    for (int i = 0; i < doc.lessons().size(); i++) {
      Lesson holder = unclaimedByNumber.get(doc.lessons().get(i).number());
      if (holder != null) {
        conflicts.add(new ValidationException.FieldError("lessons[" + i + "].number",
            "is taken by stored lesson " + holder.id() + (holder.externalId() == null ? "" : " (key " + holder.externalId() + ")")
                + ", which the document does not include; include it or give this lesson another number"));
      }
    }
    if (!conflicts.isEmpty()) {
      throw new ValidationException(conflicts);
    }

    // Build the new state of every lesson.
    List<Lesson> target = new ArrayList<>();
    List<List<String>> changes = new ArrayList<>();
    for (int i = 0; i < doc.lessons().size(); i++) {
      LessonDocument d = doc.lessons().get(i);
      Lesson old = matched.get(i);
      try {
        JsonValue content = old == null ? JsonValue.emptyObject() : old.content();
        for (String k : d.content().keys()) {
          content = content.with(k, d.content().get(k).orElseThrow());
        }
        if (d.transcript() != null) {
          content = content.with(Lesson.TRANSCRIPT_KEY, JsonValue.string(d.transcript()));
        }
        Lesson next = new Lesson(old == null ? UUID.randomUUID() : old.id(), course.id(), d.number(), d.title(),
            d.summary(), content, d.key());
        target.add(next);
        changes.add(old == null ? List.of() : differences(old, next));
      } catch (ValidationException e) {
        throw e.within("lessons[" + i + "]");
      }
    }

    // Move renumbered lessons out of the way first, so that swaps never collide.
    int parking = existing.stream().mapToInt(Lesson::number).max().orElse(0) + 1_000_000;
    for (int i = 0; i < target.size(); i++) {
      Lesson old = matched.get(i);
      if (old != null && old.number() != target.get(i).number()) {
        tx.saveLesson(old.withNumber(parking + i));
      }
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < target.size(); i++) {
      Lesson next = target.get(i);
      Lesson old = matched.get(i);
      LessonDocument d = doc.lessons().get(i);
      List<String> what = new ArrayList<>(changes.get(i));
      if (old == null || !what.isEmpty()) {
        tx.saveLesson(next);
      }
      if (d.description() != null) {
        JsonValue data = Objects.requireNonNull(d.description());
        Optional<LessonDescription> desc = old == null ? Optional.empty() : tx.findLessonDescription(next.id());
        if (desc.isEmpty() || !desc.get().data().equals(data)) {
          tx.saveLessonDescription(LessonDescription.of(next.id(), data));
          if (old != null) {
            what.add("description");
          }
        }
      }
      List<LessonAsset> assets = old == null ? List.of() : tx.lessonAssets(next.id());
      for (int j = 0; j < d.assets().size(); j++) {
        AssetDocument a = d.assets().get(j);
        Optional<LessonAsset> same = assets.stream()
            .filter(x -> x.assetType().equals(a.type()) && x.url().equals(a.url())).findFirst();
        try {
          if (same.isEmpty()) {
            tx.saveLessonAsset(new LessonAsset(UUID.randomUUID(), next.id(), a.type(), a.url(), a.metadata()));
            if (old != null) {
              what.add("asset " + a.type());
            }
          } else if (!same.get().metadata().equals(a.metadata())) {
            tx.saveLessonAsset(new LessonAsset(same.get().id(), next.id(), a.type(), a.url(), a.metadata()));
            what.add("asset " + a.type() + " metadata");
          }
        } catch (ValidationException e) {
          throw e.within("lessons[" + i + "].assets[" + j + "]");
        }
      }
      Change change = old == null ? Change.CREATED : what.isEmpty() ? Change.UNCHANGED : Change.UPDATED;
      lines.add(new Line(next.id(), next.number(), next.externalId(), change, what));
    }
    return new ImportReport(course.id(), created, courseUpdated, lines, untouched);
  }

  private static List<String> differences(Lesson old, Lesson next) {
    List<String> what = new ArrayList<>();
    if (old.number() != next.number()) {
      what.add("number " + old.number() + " -> " + next.number());
    }
    if (!old.title().equals(next.title())) {
      what.add("title");
    }
    if (!Objects.equals(old.summary(), next.summary())) {
      what.add("summary");
    }
    if (!Objects.equals(old.transcript(), next.transcript())) {
      what.add("transcript");
    } else if (!old.content().equals(next.content())) {
      what.add("content");
    }
    if (!Objects.equals(old.externalId(), next.externalId())) {
      what.add("key");
    }
    return what;
  }
}
