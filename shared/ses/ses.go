// Package ses is the Amazon SES (v2 API) adapter of the e-mail sender.
package ses

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/srmonitor/srmonitor/shared/mail"
)

// Sender sends plain-text e-mails from one verified address.
type Sender struct {
	Client *sesv2.Client
	From   string
}

var _ mail.Sender = (*Sender)(nil)

// Send sends one e-mail in UTF-8.
func (s *Sender) Send(ctx context.Context, m mail.Message) error {
	utf8 := aws.String("UTF-8")
	_, err := s.Client.SendEmail(ctx, &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(s.From),
		Destination:      &types.Destination{ToAddresses: []string{m.To}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Subject), Charset: utf8},
			Body:    &types.Body{Text: &types.Content{Data: aws.String(m.Text), Charset: utf8}},
		}},
	})
	return err
}
