// Package server assembles a running Switchboard instance from its parts:
// database, object store, realtime hub, services and the HTTP handler.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"switchboard/backend/accounts"
	"switchboard/backend/auth"
	"switchboard/backend/authz"
	"switchboard/backend/campaigns"
	"switchboard/backend/channels"
	"switchboard/backend/channels/twilio"
	"switchboard/backend/channels/whatsapp"
	"switchboard/backend/config"
	"switchboard/backend/consent"
	"switchboard/backend/contactimport"
	"switchboard/backend/contacts"
	"switchboard/backend/database"
	"switchboard/backend/desk"
	"switchboard/backend/groups"
	"switchboard/backend/httpapi"
	"switchboard/backend/inbox"
	"switchboard/backend/jobs"
	"switchboard/backend/media"
	"switchboard/backend/realtime"
	"switchboard/backend/routing"
	"switchboard/backend/templates"
)

// Server is one assembled instance.
type Server struct {
	Config   *config.Config
	DB       *database.DB
	Media    media.Store
	API      *httpapi.API
	Accounts *accounts.Service
	Auth     *auth.Service
	Inbox    *inbox.Service
	Consent  *consent.Service
	Groups   *groups.Service
	Contacts *contacts.Service
	Desk     *desk.Service
	Jobs     *jobs.Queue
	Routing  *routing.Service
	Hub      *realtime.Hub
	Broker   *realtime.Broker
	Logger   *slog.Logger

	// Templates keeps WhatsApp and SMS templates and sends them.
	Templates *templates.Service

	// ContactImports imports and exports contacts.
	ContactImports *contactimport.Service
	// Campaigns keeps campaigns and moves them through their statuses.
	Campaigns *campaigns.Service
	// CampaignEngine sends running campaigns.
	CampaignEngine *campaigns.Engine

	local      local
	metrics    metricsEndpoint
	background []func(ctx context.Context)
	closers    []func()
}

// New opens the database (refusing an out-of-date schema), the object store
// and builds every service.
func New(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*Server, error) {
	if err := cfg.RequireDatabase(); err != nil {
		return nil, err
	}
	db, err := database.Open(ctx, cfg.DatabaseURL, int32(cfg.DBMaxConns))
	if err != nil {
		return nil, err
	}
	s := &Server{Config: cfg, DB: db, Logger: logger}
	s.closers = append(s.closers, db.Close)
	if err := db.CheckSchema(ctx); err != nil {
		s.Close()
		if errors.Is(err, database.ErrSchemaBehind) {
			return nil, fmt.Errorf("%w; run `switchboard migrate up` (or `make run`, which migrates for you)", err)
		}
		return nil, err
	}
	store, err := media.New(ctx, media.Config{Dir: filepath.Join(cfg.StorageDir, "media"), S3: media.S3Config{
		Endpoint: cfg.S3.Endpoint, AccessKey: cfg.S3.AccessKey, SecretKey: cfg.S3.SecretKey,
		Bucket: cfg.S3.Bucket, Region: cfg.S3.Region, UseSSL: cfg.S3.UseSSL,
	}})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("media store: %w", err)
	}
	s.Media = store

	enforcer, err := authz.New()
	if err != nil {
		s.Close()
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newPoolCollector(db.Pool), collectors.NewDBStatsCollector(db.SQL(), "bun"))

	s.Auth = auth.NewService(db.Bun, cfg.SessionTTL)
	s.Accounts = accounts.NewService(db.Bun)
	s.API = &httpapi.API{
		Config: cfg, DB: db, Auth: s.Auth, Accounts: s.Accounts, Authz: enforcer,
		Media: store, Registry: reg, Logger: logger,
	}
	s.background = append(s.background, s.purgeLoop)
	if err := s.startRealtime(ctx, reg); err != nil {
		s.Close()
		return nil, err
	}
	s.Consent = consent.NewService(db.Bun)
	s.API.Consent = s.Consent
	s.Groups = groups.NewService(db.Bun)
	s.API.Groups = s.Groups
	s.Inbox = inbox.NewService(inbox.Config{
		Consent: s.Consent, Groups: s.Groups,
		DB: db.Bun, Publisher: s.Broker, Media: store, PublicURL: cfg.PublicURL, Logger: logger,
		Adapters: map[string]channels.Adapter{
			inbox.KindWhatsApp: whatsapp.NewClient(whatsapp.Config{}),
			inbox.KindSandbox:  inbox.NewSandboxAdapter(store),
			inbox.KindSMS:      &twilio.Adapter{Client: &twilio.Client{}},
		},
		DefaultBaseURLs: map[string]string{inbox.KindWhatsApp: cfg.WhatsAppBaseURL, inbox.KindSMS: cfg.TwilioBaseURL},
	})
	s.API.Inbox = s.Inbox
	reg.MustRegister(s.Inbox.Collectors()...)
	s.Routing = routing.NewService(db.Bun, s.Inbox, s.Broker, logger)
	s.API.Routing = s.Routing
	s.Desk = desk.New(desk.Config{DB: db.Bun, Inbox: s.Inbox, Media: store, Publisher: s.Broker, Logger: logger})
	s.API.Desk = s.Desk
	s.Templates = templates.NewService(templates.Config{DB: db.Bun, Inbox: s.Inbox,
		Lister: whatsapp.NewClient(whatsapp.Config{}), Logger: logger})
	s.API.Templates = s.Templates
	s.Contacts = contacts.NewService(db.Bun, logger)
	s.API.Contacts = s.Contacts
	s.ContactImports = contactimport.New(contactimport.Config{DB: db.Bun, Media: store, Contacts: s.Contacts,
		Consent: s.Consent, Groups: s.Groups, Publisher: s.Broker, Logger: logger})
	s.API.ContactImports = s.ContactImports
	s.Campaigns = campaigns.NewService(campaigns.Config{DB: db.Bun, Contacts: s.Contacts, Consent: s.Consent,
		Templates: s.Templates, Media: store, Logger: logger})
	s.API.Campaigns = s.Campaigns
	s.background = append(s.background, s.Campaigns.RunScheduler)
	s.CampaignEngine = campaigns.NewEngine(campaigns.EngineConfig{DB: db.Bun, Pool: db.Pool, Inbox: s.Inbox,
		Consent: s.Consent, Templates: s.Templates, Media: store, Router: s.Routing, Finisher: s.Campaigns, Viewer: s.Campaigns, Publisher: s.Broker,
		PublicURL: cfg.PublicURL, Logger: logger})
	s.Campaigns.SetWaker(s.CampaignEngine)
	s.Inbox.SetCampaignNotifier(s.CampaignEngine)
	s.API.CampaignLinks = campaigns.NewTracker(db.Bun)
	s.background = append(s.background, s.CampaignEngine.Run)
	q, err := jobs.New(db.Pool, s.Inbox, RiverLogger(cfg, logger), 10, jobs.WithTemplateSync(s.Templates),
		jobs.WithContactImports(s.ContactImports))
	if err != nil {
		s.Close()
		return nil, err
	}
	s.Jobs = q
	s.Inbox.SetJobs(q)
	s.Templates.SetJobs(q)
	s.ContactImports.SetJobs(q)
	s.background = append(s.background, func(ctx context.Context) { s.Inbox.RunProcessors(ctx, 4) }, s.runJobs, s.presenceLoop)
	return s, nil
}

// purgeLoop removes expired sessions and old sign-in failures hourly.
func (s *Server) purgeLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := s.Auth.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Warn("purge expired sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// runJobs works the job queue until ctx ends, then lets running jobs finish.
func (s *Server) runJobs(ctx context.Context) {
	if err := s.Jobs.Start(ctx); err != nil {
		s.Logger.Error("job queue did not start", "err", err)
		return
	}
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), s.Config.ShutdownTimeout)
	defer cancel()
	if err := s.Jobs.Stop(stopCtx); err != nil {
		s.Logger.Warn("job queue stop", "err", err)
	}
}

// Close releases everything New opened.
func (s *Server) Close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

// Run serves HTTP on ln, and metrics on their own listener, until ctx
// ends, then shuts down gracefully.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopMetrics, err := s.startMetrics(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	done := make(chan struct{})
	for _, bg := range s.background {
		go func() {
			bg(ctx)
			done <- struct{}{}
		}()
	}
	srv := &http.Server{
		Handler:           s.API.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.Logger.Info("serving", "addr", ln.Addr().String(), "public_url", s.Config.PublicURL)

	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdownCtx, stop := context.WithTimeout(context.Background(), s.Config.ShutdownTimeout)
	defer stop()
	if serr := srv.Shutdown(shutdownCtx); serr != nil {
		s.Logger.Warn("shutdown", "err", serr)
	}
	stopMetrics(shutdownCtx)
	cancel()
	for range s.background {
		<-done
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
