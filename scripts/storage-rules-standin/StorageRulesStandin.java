import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Stand-in for the Cloud Storage for Firebase rules runtime, used by the emulator harness ONLY
 * when the real runtime jar is absent and cannot be downloaded (offline machines).
 *
 * It speaks the runtime's JSON-lines protocol on stdin/stdout: a ready line, then one answer per
 * request. It does not evaluate rules: every "verify" is permitted. The harness announces this
 * loudly and the storage-rules tests report themselves as skipped while it is in use; the
 * functions never rely on storage rules for their own safety.
 */
public final class StorageRulesStandin {
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("{\"id\":-1,\"status\":\"ok\"}");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      String id = topLevelValue(line, "id");
      String action = topLevelValue(line, "action");
      if (id == null) {
        out.println("{\"status\":\"error\",\"message\":\"request without id\",\"errors\":[],\"warnings\":[]}");
        continue;
      }
      String result;
      if ("\"load_ruleset\"".equals(action)) {
        result = "{\"rulesVersion\":2}";
      } else if ("\"verify\"".equals(action)) {
        result = "{\"permit\":true}";
      } else {
        result = "{}";
      }
      out.println("{\"id\":" + id + ",\"status\":\"ok\",\"errors\":[],\"warnings\":[],\"result\":" + result + "}");
    }
  }

  /**
   * Returns the raw JSON text of the value of {@code key} in the top-level object of {@code json}
   * (nested objects may carry keys of the same name, so depth is tracked). Scalars only.
   */
  static String topLevelValue(String json, String key) {
    int depth = 0;
    boolean inString = false;
    int stringStart = -1;
    String pendingKey = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          String text = json.substring(stringStart, i + 1);
          int next = skipSpace(json, i + 1);
          if (depth == 1 && next < json.length() && json.charAt(next) == ':') {
            pendingKey = text;
            i = next;
          } else if (depth == 1 && ("\"" + key + "\"").equals(pendingKey)) {
            return text;
          } else {
            pendingKey = null;
          }
        }
        continue;
      }
      switch (c) {
        case '"':
          inString = true;
          stringStart = i;
          break;
        case '{':
        case '[':
          depth++;
          if (depth == 2) pendingKey = null;
          break;
        case '}':
        case ']':
          depth--;
          break;
        default:
          if (depth == 1 && ("\"" + key + "\"").equals(pendingKey) && (c == '-' || Character.isDigit(c))) {
            int end = i;
            while (end < json.length() && "-+.eE0123456789".indexOf(json.charAt(end)) >= 0) end++;
            return json.substring(i, end);
          }
      }
    }
    return null;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }
}
