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
    """Every port, URL and secret Aisle uses; `make env-example` writes `.env.example` from them."""

    model_config = SettingsConfigDict(env_prefix="AISLE_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        default="development",
        description="development, test or production; production refuses unsafe defaults.",
    )
    # Unset: in development a random secret kept in the state directory (core.dev_secret),
    # in tests the placeholder (deterministic), in production a refusal to start.
    secret_key: str = Field(
        default="",
        description=(
            "Signs CSRF tokens, anonymous ids and experiment assignments. Required in"
            " production; empty in development: a random one kept in the state directory."
        ),
    )
    state_dir: Path = Field(
        default=REPO_ROOT / ".aisle",
        description="Where `aisle services` keeps the services' data and logs (gitignored).",
    )
    cache_dir: Path = Field(
        default=Path("/var/cache/aisle"),
        description="Where downloads (the Elasticsearch distribution, a JDK) are cached.",
    )

    # Ports sit away from the defaults so a system Postgres/Redis/ES does not collide.
    pg_host: str = Field(default="127.0.0.1", description="Postgres host.")
    pg_port: int = Field(default=55432, description="Postgres port.")
    pg_user: str = Field(default="aisle", description="Postgres user.")
    pg_password: str = Field(default="aisle", description="Postgres password.")
    pg_database: str = Field(default="aisle", description="Postgres database.")

    redis_host: str = Field(default="127.0.0.1", description="Redis host.")
    redis_port: int = Field(default=56379, description="Redis port.")
    redis_db: int = Field(default=0, description="Redis database number.")

    es_host: str = Field(default="127.0.0.1", description="Elasticsearch host.")
    es_port: int = Field(default=59200, description="Elasticsearch HTTP port.")
    es_transport_port: int = Field(
        default=59300, description="Transport port of the Elasticsearch node `aisle services` runs."
    )
    es_version: str = Field(
        default="8.19.21", description="Elasticsearch version `aisle services` installs."
    )
    es_heap: str = Field(default="1g", description="Heap of the Elasticsearch node it runs.")
    es_user: str = Field(
        default="aisle-es", description="System user the Elasticsearch node runs as (as root)."
    )
    es_index_prefix: str = Field(
        default="aisle", description="Prefix of every index and alias name Aisle makes."
    )
    es_timeout_s: float = Field(default=10.0, description="Seconds per Elasticsearch request.")
    keep_index_versions: int = Field(
        default=3, ge=1, description="Index versions kept after a swap, for rollbacks."
    )
    # One node holds no replica (they would stay unassigned), hence the defaults.
    es_shards: int = Field(default=1, ge=1, description="Primary shards of each new index version.")
    es_replicas: int = Field(
        default=0, ge=0, description="Replicas of each new index version (one node: keep 0)."
    )

    api_host: str = Field(default="127.0.0.1", description="Address the API listens on.")
    api_port: int = Field(default=8400, description="Port the API listens on.")
    # The docs pages load Swagger UI from a CDN and run an inline script, hence off in production.
    api_docs: bool | None = Field(
        default=None,
        description="Serve /docs, /redoc and /openapi.json; empty: except in production.",
    )
    frontend_dist: Path = Field(
        default=REPO_ROOT / "frontend" / "dist",
        description="The built web UI, served by the API when present.",
    )

    catalog_path: Path = Field(
        default=REPO_ROOT.parent / "shared" / "data" / "icecat",
        description="The Icecat catalog; when missing, `make demo` generates a synthetic one.",
    )

    search_max_page_depth: int = Field(
        default=1000, description="Deepest result a search may page to."
    )
    # Changes invalidate the cache at once (see retrieval.cache); the TTL bounds the rest.
    retrieval_cache_ttl_s: int = Field(
        default=300,
        ge=0,
        description="Seconds an Elasticsearch answer stays in the Redis retrieval cache; 0: off.",
    )

    # A running job beats every job_heartbeat_s; one silent for job_stale_after_s is taken for
    # dead (its worker crashed) and failed, its leftovers removed.
    job_heartbeat_s: float = Field(
        default=5.0, gt=0, description="Seconds between a running job's heartbeats."
    )
    job_stale_after_s: float = Field(
        default=30.0, gt=0, description="Seconds of silence after which a job counts as dead."
    )
    job_queued_timeout_s: float = Field(
        default=3600.0, gt=0, description="Seconds a job may wait in the queue before it fails."
    )
    rebuild_batch_pause_s: float = Field(
        default=0.0,
        ge=0,
        description="Pause between bulk chunks of a rebuild, to spare a busy cluster.",
    )
    rebuild_chunk_size: int = Field(
        default=1000, ge=10, le=10_000, description="Products per bulk chunk of a rebuild."
    )
    signals_every_minutes: int = Field(
        default=5,
        ge=1,
        le=60,
        description="Minutes between recomputations of the behavioural signals (divides 60).",
    )
    rollup_today_every_minutes: int = Field(
        default=5,
        ge=1,
        le=60,
        description="Minutes between roll-ups of today's analytics (divides 60).",
    )
    ranking_window: int = Field(
        default=100, ge=10, le=500, description="Candidates the learned ranker reranks per search."
    )
    ranking_judgments_path: Path = Field(
        default=REPO_ROOT.parent / "shared" / "data" / "icecat" / "judgments-dev.csv",
        description="The judged queries training uses.",
    )
    # A model that cannot load leaves search lexical (and /readyz says why).
    semantic: bool = Field(
        default=True, description="Semantic retrieval by a sentence encoder; false: off."
    )
    embedding_model_dir: Path | None = Field(
        default=None,
        description="Another copy of the encoder's files; empty: the installed package's.",
    )
    # 1 keeps a search from taking both cores of a small box.
    embedding_threads: int = Field(
        default=1, ge=1, le=64, description="Cores one embedding run may use."
    )
    dictionary_language: DictionaryLanguage = Field(
        default="en",
        description="Language whose dictionary words are never typo-matched; empty: none.",
    )
    semantic_candidates: int = Field(
        default=50,
        ge=0,
        le=500,
        description="Semantic candidates joining the lexical ones in the reranking window.",
    )
    ranking_retrain_events: int = Field(
        default=50_000, ge=1, description="New events after which the worker retrains."
    )
    ranking_retrain_hours: float = Field(
        default=24.0, gt=0, description="Hours after which the worker retrains anyway."
    )
    verify_cron_hour: int | None = Field(
        default=3, ge=0, le=23, description="Hour (UTC) of the nightly parity check; empty: off."
    )
    # Rollups are kept, so removing raw rows loses no dashboard figure.
    event_retention_days: int = Field(
        default=400,
        ge=7,
        description="Days raw events and served queries are kept once their days are rolled up.",
    )
    event_archive_dir: Path | None = Field(
        default=None,
        description="Where removed rows are first written as gzipped JSON lines; empty: not.",
    )

    public_url: str = Field(
        default="http://127.0.0.1:8400",
        description="The address shoppers reach the UI at; links in emails start with it.",
    )
    cookie_secure: bool = Field(
        default=False, description="Send cookies over HTTPS only; set true behind HTTPS."
    )
    session_idle_s: int = Field(
        default=7 * 24 * 3600, ge=60, description="Seconds of inactivity that end a session."
    )
    session_max_age_s: int = Field(
        default=30 * 24 * 3600, ge=60, description="Seconds after which any session ends."
    )
    password_min_length: int = Field(default=10, ge=8, description="Shortest password accepted.")
    # RFC 9106's second recommendation is 64 MiB, 3 passes.
    argon2_time_cost: int = Field(default=3, ge=1, description="argon2id passes.")
    argon2_memory_kib: int = Field(default=65536, ge=1024, description="argon2id memory (KiB).")
    argon2_parallelism: int = Field(default=2, ge=1, description="argon2id lanes.")
    verify_token_ttl_s: int = Field(
        default=48 * 3600, ge=60, description="Seconds an email verification link stays valid."
    )
    reset_token_ttl_s: int = Field(
        default=3600, ge=60, description="Seconds a password reset link stays valid."
    )
    signin_per_ip: int = Field(
        default=30, description="Sign-in requests per window from one client IP."
    )
    signin_per_account: int = Field(
        default=10, description="Password re-checks of a signed-in account per window."
    )
    signin_window_s: int = Field(default=300, description="Window of the sign-in limits (s).")
    # accounts/signin_throttle.py: a client that fails this often against one account may not
    # try it again until lockout_s after the account's last failure (when the counts lapse).
    lockout_failures: int = Field(
        default=5, ge=1, description="Failed sign-ins that lock one client out of one account."
    )
    lockout_s: int = Field(
        default=900, ge=1, description="Seconds a locked-out client waits after the last failure."
    )
    # Only one clean client per delay window is evaluated, and clients that failed wait it
    # out; the owner's clean client gets in.
    signin_delay_after_failures: int = Field(
        default=3,
        ge=1,
        description="Failures of an account (from anywhere) from which each opens a delay window.",
    )
    signin_delay_base_s: int = Field(
        default=1, ge=1, description="First delay window (s); it doubles per failure."
    )
    signin_delay_max_s: int = Field(default=300, ge=1, description="Longest delay window (s).")
    signin_known_client_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="A client that signed in within this many days skips the delay window.",
    )
    signup_per_ip: int = Field(default=10, description="Sign-ups per window from one client IP.")
    email_per_ip: int = Field(
        default=10,
        description="Forgot-password and resend-verification requests per window per IP.",
    )
    email_per_account: int = Field(default=3, description="Such requests per window per account.")
    email_window_s: int = Field(default=3600, description="Window of the email limits (s).")
    trusted_proxies: Annotated[tuple[IPNetwork, ...], NoDecode] = Field(
        default=(),
        description=(
            "Reverse proxies in front of the API (addresses or CIDRs, comma-separated): only"
            " from them is X-Forwarded-For read, and the client is its right-most hop that is"
            " none of them. Empty: the TCP peer is the client."
        ),
    )
    # Replaced by trusted_proxies: false, the old default, is accepted and means what an empty
    # trusted_proxies means. Left out of .env.example.
    trust_forwarded_for: bool | None = Field(
        default=None, description="Gone: true is refused (use AISLE_TRUSTED_PROXIES)."
    )
    # Anonymous ids cost nothing to make, so anonymous clients are counted per IP.
    events_per_client: int = Field(
        default=600,
        ge=1,
        description="Events requests per window per client (a signed-in account, else an IP).",
    )
    events_window_s: int = Field(default=60, ge=1, description="Window of the events limit (s).")
    # `aisle simulate` stamps past days.
    accept_backdated_events: bool | None = Field(
        default=None,
        description=(
            "Accept events dated before their search (simulated history); empty: in"
            " development only."
        ),
    )

    smtp_host: str | None = Field(
        default=None,
        description="SMTP server; empty: mail goes to the development mailbox (`aisle mail list`).",
    )
    smtp_port: int = Field(default=587, description="SMTP port.")
    smtp_user: str | None = Field(default=None, description="SMTP user; empty: no login.")
    smtp_password: str | None = Field(default=None, description="SMTP password.")
    smtp_starttls: bool = Field(default=True, description="Upgrade the SMTP connection to TLS.")
    smtp_timeout_s: float = Field(default=10.0, description="Seconds per SMTP exchange.")
    mail_from: str = Field(
        default="Aisle <no-reply@aisle.example>", description="Sender of Aisle's mail."
    )

    log_format: Literal["json", "text"] = Field(
        default="json", description="Logs as JSON lines (with the request id) or human text."
    )
    # A separate process has separate figures, hence the worker's own port.
    metrics_token: str = Field(
        default="",
        description=(
            "Bearer token scrapers send to /metrics and the worker's metrics port; empty: open"
            " (development only, production refuses to start without one)."
        ),
    )
    worker_metrics_port: int = Field(
        default=8401, ge=0, le=65535, description="Port of the worker's metrics; 0: off."
    )

    # search_service/limits.py.
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Largest request body (413 above it)."
    )
    max_large_body_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1024,
        description="Largest body of the routes that take big ones (synonym upload, events batch).",
    )
    max_url_bytes: int = Field(
        default=8192, ge=256, description="Longest path and query string (414 above it)."
    )
    # search_service/server_protocol.py and body_timeout.py.
    header_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="Seconds to send a whole request head, else the connection is closed.",
    )
    body_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="Seconds for a whole body from the app's first read (else 408).",
    )
    max_connections: int = Field(
        default=1000,
        ge=1,
        description="Open connections plus running requests a process takes before it answers 503.",
    )
    proxy_host: str = Field(
        default="127.0.0.1", description="Address of the private nginx of `aisle proxy run`."
    )
    proxy_port: int = Field(default=8480, description="Port of that nginx.")

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
