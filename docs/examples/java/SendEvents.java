// Sends events to the CCHC report's POST /v1/events, signed as docs/integration.md says.
// Plain JDK 17, no dependencies: copy this file, or its send/sign methods, into your system.
//
//   javac -d classes SendEvents.java
//   CCHC_API_URL=https://api.example.vn CCHC_EVENTS_SECRET=... java -cp classes SendEvents events.jsonl
//
// The input has one event (a JSON object) per line; they go out in batches of up to 500.
// Exit status: 0 every event accepted, 1 refused (400/401/413: fix the data or the secret,
// retrying will not help), 2 wrong usage, 3 gave up after the retries (network, 429, 5xx).
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class SendEvents {
    static final int BATCH = 500;
    static final int ATTEMPTS = 5;

    /** A request the API refused: sending it again unchanged would be refused again. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(int status, String answer) {
            super("HTTP " + status + ": " + answer);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI endpoint;
    private final byte[] secret;

    SendEvents(String baseUrl, String secret) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/events");
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** X-Signature: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body), over the exact bytes sent. */
    String sign(String timestamp, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /**
     * Posts one batch (1–500 events, each a JSON object as text). Retries network errors, 429 and
     * 5xx with a growing pause, signing each attempt anew (the timestamp must be within 300 s):
     * the event ids make a repeated event harmless. A body over 1 MB (413) is sent in halves.
     * Answers how many events were accepted.
     */
    int send(List<String> events) throws IOException, InterruptedException, GeneralSecurityException, Refused {
        byte[] body = ("{\"events\":[" + String.join(",", events) + "]}").getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Timestamp", timestamp)
                    .header("X-Signature", sign(timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status;
            String answer;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                answer = response.body();
            } catch (IOException e) {
                status = 0;
                answer = e.toString();
            }
            if (status == 202) return events.size();
            if (status == 413 && events.size() > 1) {
                int half = events.size() / 2;
                return send(events.subList(0, half)) + send(events.subList(half, events.size()));
            }
            boolean retryable = status == 0 || status == 429 || status >= 500;
            if (!retryable) throw new Refused(status, answer);
            if (attempt == ATTEMPTS) throw new IOException("gave up after " + ATTEMPTS + " attempts; last answer " + status + ": " + answer);
            Thread.sleep(1000L << (attempt - 1)); // 1, 2, 4, 8 s
        }
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv("CCHC_EVENTS_SECRET");
        if (args.length != 1 || secret == null || secret.isEmpty()) {
            System.err.println("usage: CCHC_API_URL=<base URL> CCHC_EVENTS_SECRET=<secret> java SendEvents <events.jsonl>");
            System.exit(2);
        }
        String baseUrl = System.getenv().getOrDefault("CCHC_API_URL", "http://127.0.0.1:3000");
        List<String> events = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        SendEvents sender = new SendEvents(baseUrl, secret);
        int accepted = 0;
        try {
            for (int from = 0; from < events.size(); from += BATCH) {
                accepted += sender.send(events.subList(from, Math.min(from + BATCH, events.size())));
            }
        } catch (Refused e) {
            System.err.println("refused after " + accepted + " accepted events: " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
        System.out.println("202 accepted " + accepted + " events");
    }
}
