package io.sentio.monitoring.boundary;

import io.sentio.monitoring.control.PrometheusText;
import io.sentio.monitoring.control.ServiceMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.io.IOException;

/**
 * {@code GET /metrics} and {@code GET /api/metrics}: the application's metrics in Prometheus' conventions, its
 * histograms included. Payara Micro prints MicroProfile metrics with lines that Prometheus' linter rejects, so its
 * own endpoint moves to {@code /mp-metrics} (server-config) and this one takes {@code /metrics}; where a server
 * keeps {@code /metrics} for itself (Open Liberty), the server's answers there and this one stays at
 * {@code /api/metrics}.
 */
@WebServlet({"/metrics", "/api/metrics"})
public class MetricsServlet extends HttpServlet {

    @Inject
    MetricRegistry registry;

    @Inject
    ServiceMetrics service;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = PrometheusText.render(registry.getMetrics(), registry::getMetadata, service.histograms());
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getWriter().write(text);
    }
}
