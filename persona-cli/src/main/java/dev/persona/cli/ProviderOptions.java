package dev.persona.cli;

import dev.persona.PersonalizationService;
import dev.persona.PersonalizationServiceBuilder;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.llm.openai.OpenAiLlmProvider.StructuredOutput;
import dev.persona.prompt.Prompt;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Which model writes, in which language, within which limits. */
final class ProviderOptions {

  /** Which model writes. */
  enum ProviderName { template, openai }

  @Option(names = "--provider", defaultValue = "template",
      description = "template (offline, not an AI) or openai (any OpenAI-compatible server). Default: ${DEFAULT-VALUE}.")
  ProviderName provider = ProviderName.template;

  @Option(names = "--base-url", defaultValue = "https://api.openai.com/v1",
      description = "OpenAI-compatible base URL, e.g. http://localhost:11434/v1 for Ollama.")
  String baseUrl = "https://api.openai.com/v1";

  @Option(names = "--model", description = "Model name for --provider openai, e.g. gpt-4o-2024-08-06.")
  @Nullable String model;

  @Option(names = "--api-key-env",
      description = "Environment variable that holds the API key (a key is never taken from the command line)."
          + " Default: OPENAI_API_KEY, read only when --base-url is OpenAI's, so that key never goes elsewhere.")
  @Nullable String apiKeyEnv;

  @Option(names = "--structured-output", defaultValue = "JSON_SCHEMA",
      description = "JSON_SCHEMA, JSON_OBJECT (servers without schema support) or NONE.")
  StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

  @Option(names = "--language", defaultValue = "ru", description = "Language of the content: ru or en (default: ${DEFAULT-VALUE}).")
  String language = "ru";

  @Option(names = "--concurrency", defaultValue = "4", description = "Provider calls in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 4;

  @Option(names = "--rpm", defaultValue = "0", description = "Provider calls per minute, 0 for no limit.")
  int rpm;

  PersonalizationService service(PersonaStore store, Function<String, @Nullable String> env) {
    Prompt prompt = switch (language.toLowerCase(java.util.Locale.ROOT)) {
      case "ru" -> Prompt.russian();
      case "en" -> Prompt.english();
      default -> throw new CliException(PersonaCli.USAGE, "--language must be ru or en");
    };
    PersonalizationServiceBuilder b = PersonalizationService.builder().store(store).provider(provider(env))
        .prompt(prompt).maxConcurrency(concurrency).callTimeout(Duration.ofMinutes(2));
    if (rpm > 0) {
      b.requestsPerMinute(rpm);
    }
    return b.build();
  }

  private LlmProvider provider(Function<String, @Nullable String> env) {
    if (provider == ProviderName.template) {
      return new TemplateLlmProvider();
    }
    OpenAiLlmProvider.Builder b = openAi(env);
    try {
      return b.build();
    } catch (RuntimeException e) {
      throw new CliException(PersonaCli.PROVIDER, "the provider is misconfigured: " + e.getMessage());
    }
  }

  /** The provider's batch API: OpenAI's Batch API, or the template writer answering at once. */
  dev.persona.llm.LlmBatchProvider batchProvider(Function<String, @Nullable String> env) {
    if (provider == ProviderName.template) {
      return dev.persona.llm.LlmBatchProvider.inline(new TemplateLlmProvider());
    }
    try {
      return openAi(env).buildBatch();
    } catch (RuntimeException e) {
      throw new CliException(PersonaCli.PROVIDER, "the provider is misconfigured: " + e.getMessage());
    }
  }

  private OpenAiLlmProvider.Builder openAi(Function<String, @Nullable String> env) {
    if (model == null || model.isBlank()) {
      throw new CliException(PersonaCli.PROVIDER, "--model is required with --provider openai");
    }
    OpenAiLlmProvider.Builder b = OpenAiLlmProvider.builder().baseUrl(baseUrl).model(model)
        .structuredOutput(structuredOutput);
    boolean openAi = java.net.URI.create(baseUrl.strip()).getHost() != null
        && java.net.URI.create(baseUrl.strip()).getHost().equalsIgnoreCase("api.openai.com");
    String variable = apiKeyEnv != null ? apiKeyEnv : openAi ? "OPENAI_API_KEY" : null;
    String key = variable == null ? null : env.apply(variable);
    if (key != null && !key.isBlank()) {
      try {
        b.apiKey(key);
      } catch (IllegalArgumentException e) {
        throw new CliException(PersonaCli.PROVIDER, "$" + variable + " is not a usable API key: " + e.getMessage());
      }
    } else if (variable != null) {
      throw new CliException(PersonaCli.PROVIDER, "no API key: set $" + variable + (apiKeyEnv == null
          ? " (or name another variable with --api-key-env)" : ""));
    }
    return b;
  }
}
