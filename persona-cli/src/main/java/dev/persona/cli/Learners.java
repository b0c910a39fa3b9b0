package dev.persona.cli;

import dev.persona.NotFoundException;
import dev.persona.model.Profile;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Which learners a command works on: one, or every learner of the course, read page by page. */
final class Learners {

  private Learners() {}

  static List<String> of(PersonaStore store, String course, @Nullable String user) {
    if (store.findCourse(course).isEmpty()) {
      throw new NotFoundException("no course '" + course + "'");
    }
    if (user != null) {
      if (store.findProfile(user, course).isEmpty()) {
        throw new NotFoundException("user '" + user + "' has no profile for course '" + course + "'");
      }
      return List.of(user);
    }
    List<String> out = new ArrayList<>();
    String after = null;
    while (true) {
      List<Profile> page = store.profiles(course, after, 1000);
      page.forEach(p -> out.add(p.userIdentifier()));
      if (page.size() < 1000) {
        return out;
      }
      after = page.get(page.size() - 1).userIdentifier();
    }
  }
}
