package org.actionbench.ui;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * For {@link LoadBenchmark}: the CPU time of each request kind's own work (filters, resource method, database,
 * template), measured on the thread that runs it, from the first request filter to the last response filter.
 * The event loop's HTTP parsing and writing are not in it; the benchmark prints them apart. Idle unless a
 * benchmark switches it on, so the other tests do not pay for it.
 */
public final class EndpointCpu {
    private static final String START = EndpointCpu.class.getName() + ".start";
    private static final String THREAD = EndpointCpu.class.getName() + ".thread";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile boolean measuring;
    private static final Map<String, LongAdder[]> BY_KIND = new ConcurrentHashMap<>();

    /** Starts counting from zero. */
    public static void start() {
        BY_KIND.clear();
        measuring = true;
    }

    /** Stops counting; kind → {requests, CPU ns, requests that ended on another thread than they began}. */
    public static Map<String, long[]> stop() {
        measuring = false;
        Map<String, long[]> out = new java.util.TreeMap<>();
        BY_KIND.forEach((k, v) -> out.put(k, new long[] {v[0].sum(), v[1].sum(), v[2].sum()}));
        return out;
    }

    /** "GET /rate", "GET /img", "POST /rate": the method and the path's first segment. */
    static String kind(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        int second = path.indexOf('/', 1);
        return request.getMethod() + " " + (second < 0 ? path : path.substring(0, second));
    }

    // Priority 1: the first request filter to run and the last response filter.
    @ServerRequestFilter(priority = 1)
    public void begin(ContainerRequestContext request) {
        if (measuring) {
            request.setProperty(THREAD, Thread.currentThread().getId());
            request.setProperty(START, THREADS.getCurrentThreadCpuTime());
        }
    }

    @ServerResponseFilter(priority = 1)
    public void end(ContainerRequestContext request) {
        Object start = request.getProperty(START);
        if (!measuring || start == null) {
            return;
        }
        LongAdder[] a = BY_KIND.computeIfAbsent(kind(request),
                k -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        a[0].increment();
        if (request.getProperty(THREAD).equals(Thread.currentThread().getId())) {
            a[1].add(THREADS.getCurrentThreadCpuTime() - (Long) start);
        } else {
            a[2].increment();
        }
    }
}
