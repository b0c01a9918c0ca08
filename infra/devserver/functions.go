package devserver

import (
	"io"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/srmonitor/srmonitor/shared/api"
	"github.com/srmonitor/srmonitor/shared/api/referenceapi"
	"github.com/srmonitor/srmonitor/shared/api/valuationapi"
	"github.com/srmonitor/srmonitor/shared/bucket"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/document"
	"github.com/srmonitor/srmonitor/shared/eventbus"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/httpapi"
	"github.com/srmonitor/srmonitor/shared/inspect"
	"github.com/srmonitor/srmonitor/shared/jobs/deadlinecheck"
	"github.com/srmonitor/srmonitor/shared/jobs/importchunks"
	"github.com/srmonitor/srmonitor/shared/jobs/publish"
	"github.com/srmonitor/srmonitor/shared/jobs/sendmail"
	"github.com/srmonitor/srmonitor/shared/jobs/verify"
	"github.com/srmonitor/srmonitor/shared/mail"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/office"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/ses"
	"github.com/srmonitor/srmonitor/shared/store"
)

// Wiring is what the local functions are built from: the AWS config of the
// local endpoint, the environment template.yaml gives the functions, the
// clock, the logger, and where the metrics go (nil: nowhere).
type Wiring struct {
	Config  aws.Config
	Getenv  func(string) string
	Now     func() time.Time
	Log     *slog.Logger
	Metrics io.Writer
}

// emitter is the metrics emitter of one function, named by its logical id (in
// Lambda the function's name).
func (w Wiring) emitter(logicalID string) *metrics.Emitter {
	if w.Metrics == nil {
		return nil
	}
	return metrics.New(w.Metrics, logicalID)
}

// functions builds the handler of each function in template.yaml, by
// logical id, wired as its functions/<name>/main.go wires it. One process
// serves them all, so they share the clients.
func functions(w Wiring) map[string]any {
	db, table := dynamodb.NewFromConfig(w.Config), w.Getenv("TABLE_NAME")
	s3c, bucketName := bucket.NewClient(w.Config), w.Getenv("EVIDENCE_BUCKET")
	reg := policy.Default()
	opts := func(logicalID string) httpapi.Options {
		o := httpapi.Options{Log: w.Log, KnownMunicipality: reg.Known}
		o.Metrics = w.emitter(logicalID)
		return o
	}
	contracts := func() *contract.Service {
		return &contract.Service{Repo: store.NewContracts(db, table), Policies: reg, Now: w.Now}
	}
	evidenceService := func() *evidence.Service {
		return &evidence.Service{Repo: store.NewEvidence(db, table), Storage: bucket.New(s3c, bucketName), Now: w.Now}
	}
	return map[string]any{
		"ReferenceFunction": referenceapi.Reference(reg, w.Now, opts("ReferenceFunction")),
		"ValuationFunction": valuationapi.Valuation(reg, w.Now, opts("ValuationFunction")),
		"ContractsFunction": func() any {
			svc := contracts()
			svc.Evidence = evidence.Index{Repo: store.NewEvidence(db, table), Now: w.Now}
			return api.Contracts(svc, &office.Service{Repo: store.NewOffices(db, table), Now: w.Now}, document.ContractStatement, opts("ContractsFunction"))
		}(),
		"FlagsFunction":         api.Flags(contracts(), opts("FlagsFunction")),
		"DeadlineCheckFunction": deadlinecheck.Handler(contracts(), w.Now, w.Log, w.emitter("DeadlineCheckFunction")),
		"EvidenceFunction": func() any {
			svc := evidenceService()
			svc.Contracts = contracts()
			return api.Evidence(svc, opts("EvidenceFunction"))
		}(),
		"EvidenceVerifyFunction": func() any {
			svc := evidenceService()
			svc.Inspect = inspect.Check
			return verify.Handler(svc, bucketName, w.Log, w.emitter("EvidenceVerifyFunction"))
		}(),
		"PublishFunction": publish.Handler(&eventbus.Bus{Client: eventbridge.NewFromConfig(w.Config), Name: w.Getenv("EVENT_BUS_NAME")}, w.Log, w.emitter("PublishFunction")),
		"MailFunction": sendmail.Handler(&mail.Service{
			Sender:   &ses.Sender{Client: sesv2.NewFromConfig(w.Config), From: w.Getenv("SENDER_ADDRESS")},
			Contacts: store.NewContracts(db, table), Offices: store.NewOffices(db, table), Sent: store.NewSentMail(db, table),
			Policies: reg, PortalURL: w.Getenv("PORTAL_URL"),
		}, w.Log, w.emitter("MailFunction")),
		// Imports, the dashboard, the to-do list and the council report (reports.go).
		"ImportFunction":       api.Imports(importService(w, db, reg), opts("ImportFunction")),
		"ImportWorkerFunction": importchunks.Handler(importService(w, db, reg), w.Log),
		"InsightsFunction":     api.Insight(contracts(), store.NewContracts(db, table), document.CouncilReport, opts("InsightsFunction")),
	}
}
