/**
 * {@link dev.persona.llm.openai.OpenAiLlmProvider}: OpenAI's Chat Completions, and every server
 * that speaks it, over the JDK {@link java.net.http.HttpClient}.
 */
@NullMarked
package dev.persona.llm.openai;

import org.jspecify.annotations.NullMarked;
