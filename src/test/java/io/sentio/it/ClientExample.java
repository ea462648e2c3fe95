package io.sentio.it;

import io.sentio.analysis.entity.BatchAnswer;
import io.sentio.analysis.entity.SingleAnswer;
import io.sentio.client.SentioClient;
import io.sentio.client.SentioProblemException;
import io.sentio.client.TextRequest;
import io.sentio.client.TextsRequest;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;

/**
 * The README's client example (README, Client), line for line but for {@code System.out}: {@link ClientIT} runs it
 * with nothing of Sentio on the class path but the client jar.
 */
public final class ClientExample {

    private ClientExample() {
    }

    public static void run(URI server, PrintStream out) {
        SentioClient sentio = RestClientBuilder.newBuilder().baseUri(server).build(SentioClient.class);
        SingleAnswer answer = sentio.analyze(new TextRequest("I absolutely loved this film, the acting was superb."));
        out.println(answer.label() + " " + answer.score());                       // POSITIVE 0.99...
        BatchAnswer batch = sentio.analyze(new TextsRequest(List.of("Great service, thank you!", "Never again.")));
        batch.results().forEach(r -> out.println(r.label() + " " + r.cached()));  // POSITIVE ..., NEGATIVE ...
        try {
            sentio.analyze(new TextRequest("Bonjour", "no-such-model", null));
        } catch (SentioProblemException e) {
            out.println(e.problem().status() + " " + e.problem().type());         // 404 .../unknown-model
        }
    }
}
