"""Prometheus metrics of the daemon, served on a local address when configured.

Counters and histograms live in the daemon's own registry (nothing global), through the
standard client library. Without ``metrics.listen`` they are kept but never served.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

if TYPE_CHECKING:
    from monitor.alerting.outbox import DeliveryReport
    from monitor.polling import PollResult
    from monitor.storage.records import Status


class Metrics:
    """What the daemon counts: polls, errors, new articles, alerts by status, durations."""

    def __init__(self, listen: str | None = None) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.polls = Counter("monitor_polls", "Feed polls by outcome", ["outcome"], registry=r)
        self.articles = Counter("monitor_articles_new", "New articles stored", registry=r)
        self.updated = Counter("monitor_articles_updated", "Stored articles updated", registry=r)
        self.processed_articles = Counter(
            "monitor_articles_processed", "Articles classified and clustered", registry=r
        )
        self.alerts = Counter(
            "monitor_alert_deliveries", "Alert deliveries by status", ["status"], registry=r
        )
        self.poll_seconds = Histogram(
            "monitor_poll_seconds",
            "Duration of one feed poll",
            registry=r,
            buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.delivery_seconds = Histogram(
            "monitor_delivery_seconds", "Duration of one delivery run", registry=r
        )
        self.pending_articles = Gauge(
            "monitor_articles_pending", "Stored articles waiting to be processed", registry=r
        )
        self.deliveries = Gauge(
            "monitor_deliveries", "Deliveries in the outbox by status", ["status"], registry=r
        )
        self.feeds = Gauge("monitor_feeds", "Feeds by health", ["health"], registry=r)
        self._server = None
        if listen:
            host, _, port = listen.rpartition(":")
            self._server, _thread = start_http_server(int(port), host.strip("[]"), registry=r)

    def poll(self, result: PollResult, seconds: float) -> None:
        outcome = "error" if result.error else ("not_modified" if result.status == 304 else "ok")
        self.polls.labels(outcome).inc()
        self.articles.inc(len(result.new))
        self.updated.inc(len(result.updated))
        self.poll_seconds.observe(seconds)

    def processed(self, count: int) -> None:
        self.processed_articles.inc(count)

    def delivered(self, report: DeliveryReport, seconds: float) -> None:
        for status, count in (
            ("sent", report.sent),
            ("retrying", report.retrying),
            ("failed", report.failed),
        ):
            if count:
                self.alerts.labels(status).inc(count)
        self.delivery_seconds.observe(seconds)

    def status(self, status: Status) -> None:
        """Set the gauges from a status report: work waiting, failures standing."""
        self.pending_articles.set(status.pending_articles)
        for name, count in status.deliveries.items():
            self.deliveries.labels(name).set(count)
        for name, count in status.feeds.items():
            self.feeds.labels(name).set(count)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
