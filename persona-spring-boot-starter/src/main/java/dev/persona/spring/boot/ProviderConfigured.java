package dev.persona.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when properties name a provider: {@code persona.openai.model} or {@code persona.template-writer=true}. */
final class ProviderConfigured extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment env = context.getEnvironment();
    String model = env.getProperty("persona.openai.model");
    if (model != null && !model.isBlank()) {
      return ConditionOutcome.match("persona.openai.model is set");
    }
    if (env.getProperty("persona.template-writer", Boolean.class, false)) {
      return ConditionOutcome.match("persona.template-writer is true");
    }
    return ConditionOutcome.noMatch("neither persona.openai.model nor persona.template-writer is set");
  }
}
