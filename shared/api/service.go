package api

import (
	"github.com/srmonitor/srmonitor/shared/app"
	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/events"
	"github.com/srmonitor/srmonitor/shared/store"
)

// contracts is the contract service every function wires the same way.
func contracts(d *app.Deps) (*contract.Service, *store.Contracts) {
	repo := &store.Contracts{DB: d.DynamoDB, Table: d.TableName}
	svc := &contract.Service{Repo: repo, Policies: d.Policies, Now: d.Now}
	if d.EventBus != "" {
		svc.Events = &events.EventBridge{Client: d.Events, Bus: d.EventBus}
	}
	return svc, repo
}
