/**
 * {@link dev.persona.llm.langchain4j.LangChain4jLlmProvider}: any LangChain4j chat model as a
 * Persona {@link dev.persona.llm.LlmProvider}.
 */
@NullMarked
package dev.persona.llm.langchain4j;

import org.jspecify.annotations.NullMarked;
