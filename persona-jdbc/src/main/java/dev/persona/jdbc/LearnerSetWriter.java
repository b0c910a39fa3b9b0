package dev.persona.jdbc;

import dev.persona.llm.TokenUsage;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.store.LearnerSet;
import dev.persona.store.SetResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Writes many learners' sets in one transaction with a fixed number of statements, however many
 * learners and rows there are: lock the profiles (in id order) and compare their answers, lock the
 * lessons against deletion, read the rows about to be replaced (for edited rows and extra keys),
 * then one {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT} for every row.
 */
final class LearnerSetWriter {

  private record Key(UUID profileId, UUID lessonId) {}

  private LearnerSetWriter() {}

  static List<SetResult> write(Handle h, Statements sql, List<LearnerSet> batch) {
    List<UUID> profileIds = batch.stream().map(LearnerSet::profileId).toList();
    Map<UUID, Profile> profiles = new HashMap<>();
    h.createQuery(sql.lockProfiles).bindArray("ids", UUID.class, profileIds).mapTo(Profile.class)
        .forEach(p -> profiles.put(p.id(), p));
    Set<UUID> lessonIds = new LinkedHashSet<>();
    batch.forEach(s -> lessonIds.addAll(s.lessonIds()));
    Set<UUID> lessons = new HashSet<>(h.createQuery(sql.lockLessons)
        .bindArray("ids", UUID.class, List.copyOf(lessonIds)).mapTo(UUID.class).list());

    SetResult.Status[] status = new SetResult.Status[batch.size()];
    List<UUID> active = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      LearnerSet set = batch.get(i);
      Profile stored = profiles.get(set.profileId());
      if (stored == null) {
        status[i] = SetResult.Status.PROFILE_MISSING;
      } else if (!set.answersMatch(stored)) {
        status[i] = SetResult.Status.SUPERSEDED;
      } else if (!lessons.containsAll(set.lessonIds())) {
        status[i] = SetResult.Status.LESSON_MISSING;
      } else {
        status[i] = SetResult.Status.STORED;
        active.add(set.profileId());
      }
    }

    Map<Key, Personalization> old = new HashMap<>();
    if (!active.isEmpty()) {
      h.createQuery(sql.personalizationsOfProfiles).bindArray("profileIds", UUID.class, active)
          .bindArray("lessonIds", UUID.class, List.copyOf(lessonIds)).mapTo(Personalization.class)
          .forEach(p -> old.put(new Key(p.profileId(), p.lessonId()), p));
    }
    Rows rows = new Rows();
    for (int i = 0; i < batch.size(); i++) {
      if (status[i] != SetResult.Status.STORED) {
        continue;
      }
      LearnerSet set = batch.get(i);
      for (Personalization p : set.personalizations()) {
        Personalization before = old.get(new Key(p.profileId(), p.lessonId()));
        boolean keep = set.keepEdited() && before != null && before.status() == PersonalizationStatus.EDITED
            && p.status() != PersonalizationStatus.EDITED;
        if (!keep) {
          rows.add(p, before);
        }
      }
    }
    Map<Key, Personalization> written = new HashMap<>();
    if (!rows.isEmpty()) {
      rows.bind(h.createQuery(sql.upsertPersonalizations)).mapTo(Personalization.class)
          .forEach(p -> written.put(new Key(p.profileId(), p.lessonId()), p));
    }

    List<SetResult> results = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      LearnerSet set = batch.get(i);
      if (status[i] != SetResult.Status.STORED) {
        results.add(SetResult.notStored(set.profileId(), status[i]));
        continue;
      }
      List<Personalization> stored = new ArrayList<>(set.personalizations().size());
      for (Personalization p : set.personalizations()) {
        Key key = new Key(p.profileId(), p.lessonId());
        Personalization w = written.get(key);
        stored.add(w != null ? w : java.util.Objects.requireNonNull(old.get(key)));
      }
      results.add(new SetResult(set.profileId(), SetResult.Status.STORED, stored));
    }
    return results;
  }

  /** The rows to write, as the parallel arrays the statement unnests. */
  private static final class Rows {
    final List<UUID> ids = new ArrayList<>();
    final List<UUID> profileIds = new ArrayList<>();
    final List<UUID> lessonIds = new ArrayList<>();
    final List<String> contents = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    final List<@Nullable String> fingerprints = new ArrayList<>();
    final List<@Nullable String> models = new ArrayList<>();
    final List<@Nullable String> promptVersions = new ArrayList<>();
    final List<Long> promptTokens = new ArrayList<>();
    final List<Long> cachedPromptTokens = new ArrayList<>();
    final List<Long> completionTokens = new ArrayList<>();

    void add(Personalization p, @Nullable Personalization before) {
      Provenance prov = p.provenance();
      TokenUsage usage = prov == null ? TokenUsage.ZERO : prov.usage();
      ids.add(p.id());
      profileIds.add(p.profileId());
      lessonIds.add(p.lessonId());
      contents.add((before == null ? p.content() : p.content().keepingExtrasOf(before.content())).toJson().toJson());
      statuses.add(p.status().code());
      fingerprints.add(prov == null ? null : prov.fingerprint());
      models.add(prov == null ? null : prov.model());
      promptVersions.add(prov == null ? null : prov.promptVersion());
      promptTokens.add(usage.promptTokens());
      cachedPromptTokens.add(usage.cachedPromptTokens());
      completionTokens.add(usage.completionTokens());
    }

    boolean isEmpty() {
      return ids.isEmpty();
    }

    org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query q) {
      return q.bindArray("ids", UUID.class, ids).bindArray("profileIds", UUID.class, profileIds)
          .bindArray("lessonIds", UUID.class, lessonIds).bindArray("contents", String.class, contents)
          .bindArray("statuses", String.class, statuses).bindArray("fingerprints", String.class, fingerprints)
          .bindArray("models", String.class, models).bindArray("promptVersions", String.class, promptVersions)
          .bindArray("promptTokens", Long.class, promptTokens)
          .bindArray("cachedPromptTokens", Long.class, cachedPromptTokens)
          .bindArray("completionTokens", Long.class, completionTokens);
    }
  }
}
