package api

import (
	"github.com/srmonitor/srmonitor/shared/app"
	"github.com/srmonitor/srmonitor/shared/bucket"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/evidence"
	"github.com/srmonitor/srmonitor/shared/store"
)

// services are the domain services every function wires the same way.
type services struct {
	contracts *contract.Service
	repo      *store.Contracts
	evidence  *evidence.Service
}

func wire(d *app.Deps) services {
	repo := &store.Contracts{DB: d.DynamoDB, Table: d.TableName}
	c := &contract.Service{Repo: repo, Policies: d.Policies, Now: d.Now}
	if d.EventBus != "" {
		c.Events = &events.EventBridge{Client: d.Events, Bus: d.EventBus}
	}
	// Reports cite evidence, and evidence belongs to a contract: each
	// service asks the other.
	e := &evidence.Service{
		Repo:      &store.Evidence{DB: d.DynamoDB, Table: d.TableName},
		Storage:   bucket.New(d.S3, d.EvidenceBucket),
		Contracts: c,
		Now:       d.Now,
	}
	c.Evidence = e
	return services{contracts: c, repo: repo, evidence: e}
}
