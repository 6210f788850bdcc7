package dev.ficus.cdc;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /cdc/events}: the latest change events as Server-Sent Events ({@code text/event-stream}, WHATWG HTML
 * "server-sent events"), for people watching the capture ({@code curl -N localhost:8080/cdc/events}).
 *
 * <p>A new client first gets the last {@code cdc.recent-events} events, then each event as soon as Artemis has it.
 * Each SSE message has {@code id} = CloudEvents id, {@code event} = CloudEvents type and {@code data} = the
 * CloudEvent JSON on one line. The stream never ends on its own; a client that goes away is dropped.
 */
@RestController
@ConditionalOnProperty(name = "cdc.enabled", havingValue = "true", matchIfMissing = true)
public class CdcEventStream implements AutoCloseable {

    private final int capacity;
    private final ArrayDeque<CanonicalEvent> recent = new ArrayDeque<>();
    private final List<SseEmitter> clients = new CopyOnWriteArrayList<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cdc-sse");
        t.setDaemon(true);
        return t;
    });

    CdcEventStream(CdcProperties properties) {
        this.capacity = Math.max(0, properties.recentEvents());
    }

    /**
     * @return an open event stream
     */
    @GetMapping(path = "/cdc/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events() {
        SseEmitter emitter = new SseEmitter(0L);
        emitter.onCompletion(() -> clients.remove(emitter));
        emitter.onTimeout(() -> clients.remove(emitter));
        emitter.onError(e -> clients.remove(emitter));
        sender.execute(() -> {
            List<CanonicalEvent> replay;
            synchronized (recent) {
                replay = List.copyOf(recent);
            }
            try {
                emitter.send(SseEmitter.event().comment("ficus change events"));
                for (CanonicalEvent e : replay) {
                    send(emitter, e);
                }
                clients.add(emitter);
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    /** Records an event Artemis has acknowledged and pushes it to every client. */
    void offer(CanonicalEvent event) {
        if (capacity == 0) {
            return;
        }
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        sender.execute(() -> {
            for (SseEmitter emitter : clients) {
                try {
                    send(emitter, event);
                } catch (IOException | IllegalStateException e) {
                    clients.remove(emitter);
                    emitter.completeWithError(e);
                }
            }
        });
    }

    private static void send(SseEmitter emitter, CanonicalEvent e) throws IOException {
        emitter.send(SseEmitter.event().id(e.id()).name(e.type()).data(e.json(), MediaType.APPLICATION_JSON));
    }

    /** Ends every stream when Ficus shuts down, so the web server's graceful shutdown does not wait for them. */
    @EventListener(ContextClosedEvent.class)
    public void onShutdown() {
        for (SseEmitter emitter : clients) {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                // the client is gone already
            }
        }
        clients.clear();
    }

    @Override
    public void close() {
        onShutdown();
        sender.shutdownNow();
    }
}
