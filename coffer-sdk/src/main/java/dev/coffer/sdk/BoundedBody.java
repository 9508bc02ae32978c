package dev.coffer.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An {@link HttpResponse.BodySubscriber} that keeps at most a given number of bytes: past that (or at
 * once, when the Content-Length says so) it cancels the exchange, so the rest is neither read nor kept,
 * and fails with {@link TooLarge}. Internal to the SDK.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer was larger than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("the answer is larger than the client's limit");
        }
    }

    private final long max;
    private final boolean declaredTooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long total;

    private BoundedBody(long max, boolean declaredTooLarge) {
        this.max = max;
        this.declaredTooLarge = declaredTooLarge;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long max) {
        return info -> new BoundedBody(
                max, info.headers().firstValueAsLong("Content-Length").orElse(0) > max);
    }

    /** Whether a failure of {@code send} was this limit. */
    static boolean causedBy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof TooLarge) return true;
        return false;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredTooLarge) {
            s.cancel();
            result.completeExceptionally(new TooLarge());
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return;
        for (ByteBuffer b : items) {
            total += b.remaining();
            if (total > max) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
