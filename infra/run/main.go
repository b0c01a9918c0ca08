// Command run is make run: the whole system on this machine, on moto (or on
// the endpoint in AWS_ENDPOINT_URL), with no AWS account.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/srmonitor/srmonitor/infra/devserver"
	"github.com/srmonitor/srmonitor/infra/localstack"
	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/logs"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "make run:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	port := envOr("PORT", "8080")
	secret := envOr("SRM_DEV_JWT_SECRET", devserver.DefaultSecret)

	stack, err := localstack.Start(ctx, "srmonitor-")
	if err != nil {
		return err
	}
	defer stack.Close()
	stackEnv, err := stack.Getenv()
	if err != nil {
		return err
	}
	// E-mails link to the portal this process serves.
	getenv := func(k string) string {
		if k == "PORTAL_URL" {
			return "http://127.0.0.1:" + port
		}
		return stackEnv(k)
	}
	cfg, err := awsconfig.FromEnv(getenv)
	if err != nil {
		return err
	}
	if err := stack.Provision(ctx, cfg); err != nil {
		return err
	}
	// The metrics lines beside the logs, as CloudWatch Logs receives them.
	w := devserver.Wiring{Config: cfg, Getenv: getenv, Now: time.Now, Log: logs.New(os.Stdout), Metrics: os.Stdout}
	srv, err := devserver.New(stack.Template, w, devserver.NewVerifier(secret))
	if err != nil {
		return err
	}
	if err := srv.PollQueues(ctx, stack.QueueURL); err != nil {
		return err
	}
	if err := srv.PollStreams(ctx, stack.StreamARN, stack.QueueURL); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		return err
	}
	// The portal (web/dist, built by make portal) on the same origin; see
	// infra/devserver/portal.go.
	portalDir := envOr("SRM_PORTAL_DIR", filepath.Join(stack.Template.Dir, "web", "dist"))
	portalNote := "portal:         http://127.0.0.1:" + port + "/ (dev sign-in: pick a role and organisation)"
	if _, err := devserver.PortalDir(portalDir); err != nil {
		portalNote = "portal:         not built (" + err.Error() + ")"
	}
	handler := srv.WithPortal(devserver.PortalOptions{Dir: portalDir, ConnectSrc: []string{stack.Endpoint}})
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
	}()

	fmt.Printf(`srmonitor is running at http://127.0.0.1:%s
  %s
  %s
  dev JWT secret: %s (SRM_DEV_JWT_SECRET overrides)
  get a token:    make token ROLE=municipality ORG=utrecht
                  make token ROLE=contractor ORG=12345678
  try:            curl -s -H "Authorization: Bearer $(make -s token ROLE=municipality ORG=utrecht)" http://127.0.0.1:%s/municipalities
  invoke:         aws lambda invoke --endpoint-url http://127.0.0.1:%s --function-name <LogicalId> out.json
  evidence:       uploads to presigned URLs reach EvidenceVerifyFunction through EvidenceQueue and are checked within a second or two
  e-mail:         what the system sends is listed, newest first, at http://127.0.0.1:%[1]s/dev/outbox
Stop with Ctrl-C.
`, port, portalNote, stack.Describe(), secret, port, port)
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
