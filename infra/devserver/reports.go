package devserver

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/srmonitor/srmonitor/shared/contract"
	"github.com/srmonitor/srmonitor/shared/imports"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/queue"
	"github.com/srmonitor/srmonitor/shared/store"
)

// importService is the import service as functions/import and
// functions/importworker wire it (the worker never sends to the queue).
func importService(w Wiring, db *dynamodb.Client, reg *policy.Registry) *imports.Service {
	contracts := store.NewContracts(db, w.Getenv("TABLE_NAME"))
	return &imports.Service{
		Contracts: &contract.Service{Repo: contracts, Policies: reg, Now: w.Now},
		Jobs:      store.NewJobs(db, w.Getenv("TABLE_NAME")),
		Holders:   contracts,
		Queue:     &queue.Chunks{Client: sqs.NewFromConfig(w.Config), Name: w.Getenv("IMPORT_QUEUE_NAME")},
		Now:       w.Now,
	}
}
