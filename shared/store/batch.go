package store

import (
	"context"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// batchGet reads keys consistently, 100 per request as BatchGetItem
// allows, and hands each item found to fn, in no particular order. Keys
// DynamoDB did not get to (throttling, the 16 MB response limit) are asked
// again after a pause that grows with each round: the SDK retries failed
// requests, not unprocessed keys.
func batchGet(ctx context.Context, db *dynamodb.Client, table string, keys []map[string]types.AttributeValue, fn func(map[string]types.AttributeValue) error) error {
	for chunk := range slices.Chunk(keys, 100) {
		req := map[string]types.KeysAndAttributes{table: {Keys: chunk, ConsistentRead: aws.Bool(true)}}
		for round := 0; len(req) > 0; round++ {
			if round > 0 {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(min(time.Duration(round)*50*time.Millisecond, time.Second)):
				}
			}
			res, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
			if err != nil {
				return err
			}
			for _, item := range res.Responses[table] {
				if err := fn(item); err != nil {
					return err
				}
			}
			req = res.UnprocessedKeys
		}
	}
	return nil
}
