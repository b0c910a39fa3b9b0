package dev.persona;

import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.store.Adoption;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adoption: stamps the current fingerprint onto personalizations written before Persona, without a
 * model call, so that taking over an existing deployment costs nothing until something changes.
 * Only rows the planner calls adoptable are stamped (complete, in the course's language, generated
 * rather than edited or degraded); their content is not touched.
 */
final class Adopter {

  /** What adopted rows record as their model and prompt: they were written by something else. */
  static final String LEGACY = "legacy (adopted)";

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.engine");
  private static final int PAGE = 500;

  private final PersonaStore store;
  private final Planner planner;

  Adopter(PersonaStore store, Planner planner) {
    this.store = store;
    this.planner = planner;
  }

  AdoptionReport adopt(Planner.Snapshot s) {
    List<Adoption> adoptions = new ArrayList<>();
    int notAdoptable = collect(s, adoptions);
    int adopted = store.adoptPersonalizations(adoptions);
    return new AdoptionReport(s.course.slug(), 1, adopted, notAdoptable);
  }

  AdoptionReport adoptCourse(Course course) {
    List<Lesson> lessons = store.lessons(course.id());
    AdoptionReport total = new AdoptionReport(course.slug(), 0, 0, 0);
    String after = null;
    while (true) {
      List<Profile> page = store.profiles(course.slug(), after, PAGE);
      List<Adoption> adoptions = new ArrayList<>();
      int notAdoptable = 0;
      for (Profile p : page) {
        notAdoptable += collect(planner.snapshot(p, course, lessons), adoptions);
      }
      int adopted = adoptions.isEmpty() ? 0 : store.adoptPersonalizations(adoptions);
      total = total.plus(new AdoptionReport(course.slug(), page.size(), adopted, notAdoptable));
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).userIdentifier();
    }
    LOG.info("course '{}': adopted {} legacy personalization(s) of {} learner(s) without a model call; {} left for"
        + " regeneration", course.slug(), total.adopted(), total.learners(), total.notAdoptable());
    return total;
  }

  /** Adds the adoptions of a learner; returns how many legacy rows are not adoptable. */
  private int collect(Planner.Snapshot s, List<Adoption> into) {
    int notAdoptable = 0;
    for (Lesson lesson : s.lessons) {
      Planner.Decision d = planner.decide(lesson, s, false);
      if (d.plan().adoptable()) {
        into.add(new Adoption(s.profileId(), lesson.id(),
            new Provenance(d.fingerprint().asText(), LEGACY, LEGACY, TokenUsage.ZERO)));
      } else if (d.old() != null && d.old().provenance() == null
          && d.old().status() == dev.persona.model.PersonalizationStatus.GENERATED) {
        notAdoptable++;
      }
    }
    return notAdoptable;
  }
}
