package dev.persona.llm;

import java.util.regex.Pattern;

/**
 * One request of a batch, with the caller's id for matching its answer.
 *
 * @param id 1 to 64 of {@code A-Z a-z 0-9 _ -}, unique in its batch (what both OpenAI's and
 *     Anthropic's batch APIs accept)
 * @param request the request, as it would be sent alone
 */
public record BatchRequest(String id, LlmRequest request) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Validates the id and the request. */
  public BatchRequest {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a batch request id is 1 to 64 of A-Z a-z 0-9 _ -");
    }
    if (request == null) {
      throw new IllegalArgumentException("a batch request needs its request");
    }
  }

  /**
   * A rough size of the request in a batch file: its text plus room for the envelope.
   *
   * @return bytes
   */
  public long estimatedBytes() {
    long chars = 0;
    for (LlmMessage m : request.messages()) {
      chars += m.content().length();
    }
    ResponseFormat f = request.responseFormat();
    return chars * 3 + (f == null ? 0 : f.jsonSchema().length()) + 512;
  }
}
