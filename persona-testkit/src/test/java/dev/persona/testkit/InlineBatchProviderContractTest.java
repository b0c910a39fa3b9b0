package dev.persona.testkit;

import dev.persona.llm.LlmBatchProvider;
import dev.persona.template.TemplateLlmProvider;

/** The SPI's own fake, {@link LlmBatchProvider#inline}, keeps the contract. */
final class InlineBatchProviderContractTest extends LlmBatchProviderContract {

  private final LlmBatchProvider provider = LlmBatchProvider.inline(new TemplateLlmProvider());

  @Override
  protected LlmBatchProvider provider() {
    return provider;
  }
}
