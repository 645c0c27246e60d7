/*
 * A librdkafka mock cluster that tests can break on purpose (kcat's mock cannot take brokers down).
 * Prints its bootstrap servers on the first line of stdout, then reads one command a line on stdin,
 * answering each with "ok" or "error <why>" on stdout:
 *   down N          broker N (1..brokers) drops its connections and refuses new ones
 *   up N            broker N accepts connections again
 *   leader T P N    broker N becomes the leader of topic T partition P (creating T when missing)
 *   topic T P       creates topic T with P partitions (replication factor = brokers)
 *   coordinator G N broker N becomes the coordinator of consumer group G
 *   quit            (or end of input) destroys the cluster and exits 0
 * Usage: mock-cluster [brokers=3]. Built by test/helpers/mock-cluster.ts with gcc and -lrdkafka.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void answer(rd_kafka_resp_err_t err) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) printf("ok\n");
  else printf("error %s\n", rd_kafka_err2str(err));
  fflush(stdout);
}

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 3;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* the handle only hosts the cluster; keep its own logging quiet */
  rd_kafka_conf_set(conf, "log_level", "0", errstr, sizeof(errstr));
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (rk == NULL) {
    fprintf(stderr, "rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, brokers);
  if (cluster == NULL) {
    fprintf(stderr, "rd_kafka_mock_cluster_new failed\n");
    return 1;
  }
  printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);

  char line[1024];
  while (fgets(line, sizeof(line), stdin) != NULL) {
    char topic[512];
    int a = 0, b = 0;
    if (sscanf(line, "down %d", &a) == 1) answer(rd_kafka_mock_broker_set_down(cluster, a));
    else if (sscanf(line, "up %d", &a) == 1) answer(rd_kafka_mock_broker_set_up(cluster, a));
    else if (sscanf(line, "leader %511s %d %d", topic, &a, &b) == 3)
      answer(rd_kafka_mock_partition_set_leader(cluster, topic, a, b));
    else if (sscanf(line, "topic %511s %d", topic, &a) == 2)
      answer(rd_kafka_mock_topic_create(cluster, topic, a, brokers));
    else if (sscanf(line, "coordinator %511s %d", topic, &a) == 2)
      answer(rd_kafka_mock_coordinator_set(cluster, "group", topic, a));
    else if (strncmp(line, "quit", 4) == 0) break;
    else {
      printf("error unknown command\n");
      fflush(stdout);
    }
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
