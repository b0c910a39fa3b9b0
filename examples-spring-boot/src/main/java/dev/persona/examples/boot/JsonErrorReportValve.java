package dev.persona.examples.boot;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/** Tomcat's answer to a request it refuses before the application sees it: JSON, no report, no version. */
final class JsonErrorReportValve extends ErrorReportValve {

  JsonErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      Writer w = response.getReporter();
      if (w != null) {
        w.write("{\"error\":{\"code\":\"" + (status < 500 ? "bad_request" : "internal") + "\",\"message\":\""
            + (status < 500 ? "bad request" : "internal error") + "\",\"fields\":[]}}");
      }
    } catch (IOException | IllegalStateException e) {
      // the connection is gone or the answer started: nothing more to say
    }
  }
}
