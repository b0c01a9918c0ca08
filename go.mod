module github.com/srmonitor/srmonitor

go 1.26.8
