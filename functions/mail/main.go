// MailFunction: the bus's events arrive through a queue and become plain
// e-mails, in Dutch or English, to the contractor's contact and the SR
// office. SES (sending) and DynamoDB (addresses, settings, what was sent).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/srmonitor/srmonitor/shared/awsconfig"
	"github.com/srmonitor/srmonitor/shared/jobs/sendmail"
	"github.com/srmonitor/srmonitor/shared/logs"
	"github.com/srmonitor/srmonitor/shared/mail"
	"github.com/srmonitor/srmonitor/shared/metrics"
	"github.com/srmonitor/srmonitor/shared/policy"
	"github.com/srmonitor/srmonitor/shared/ses"
	"github.com/srmonitor/srmonitor/shared/store"
)

func main() {
	log := logs.New(os.Stdout)
	cfg, err := awsconfig.FromEnv(os.Getenv)
	if err != nil {
		logs.Fatal(log, err)
	}
	db, table := dynamodb.NewFromConfig(cfg), os.Getenv("TABLE_NAME")
	svc := &mail.Service{
		Sender:    &ses.Sender{Client: sesv2.NewFromConfig(cfg), From: os.Getenv("SENDER_ADDRESS")},
		Contacts:  store.NewContracts(db, table),
		Offices:   store.NewOffices(db, table),
		Sent:      store.NewSentMail(db, table),
		Policies:  policy.Default(),
		PortalURL: os.Getenv("PORTAL_URL"),
	}
	lambda.Start(sendmail.Handler(svc, log, metrics.Lambda()))
}
