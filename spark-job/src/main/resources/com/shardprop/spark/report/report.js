// Draws the report's charts from the run record embedded in #run-data (the --metrics-out JSON).
// Animation is off so that a screenshot or print taken right after load shows the final charts.
(function () {
  'use strict';
  var run = JSON.parse(document.getElementById('run-data').textContent);
  var history = run.history || [];
  var epochs = history.map(function (e) { return e.epoch; });
  var palette = ['#2f6fba', '#e07b39', '#2f8a4c', '#8e44ad', '#c0392b'];

  function column(name) {
    return history.map(function (e) { return e[name] === undefined ? null : e[name]; });
  }
  function hasValues(values) {
    return values.some(function (v) { return v !== null; });
  }
  function formatNumber(value) {
    if (value === null || value === undefined) { return '—'; }
    var magnitude = Math.abs(value);
    return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6) ? value.toExponential(2) : +value.toFixed(4) + '';
  }

  function baseOption(title, yName) {
    return {
      animation: false,
      color: palette,
      title: { text: title, left: 8, top: 4, textStyle: { fontSize: 14, fontWeight: 600, color: '#1f2933' } },
      tooltip: { trigger: 'axis', valueFormatter: formatNumber },
      legend: { top: 6, right: 10 },
      grid: { left: 64, right: 24, top: 48, bottom: 44 },
      xAxis: { type: 'category', name: 'epoch', nameLocation: 'middle', nameGap: 28, data: epochs },
      yAxis: { type: 'value', name: yName, nameGap: 12, scale: true,
               axisLabel: { formatter: formatNumber } }
    };
  }
  function lineSeries(name, data) {
    return { name: name, type: 'line', data: data, connectNulls: true, showSymbol: epochs.length <= 40,
             symbolSize: 6 };
  }
  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    echarts.init(element, null, { renderer: 'canvas' }).setOption(option);
  }
  function drawEmpty(id, title, message) {
    draw(id, {
      animation: false,
      title: { text: title, left: 8, top: 4, textStyle: { fontSize: 14, fontWeight: 600, color: '#1f2933' } },
      graphic: { type: 'text', left: 'center', top: 'middle',
                 style: { text: message, fill: '#616e7c', fontSize: 13 } }
    });
  }

  // Loss: training loss every epoch, validation loss where the epoch was evaluated.
  var loss = baseOption('Loss per epoch', 'mean loss');
  loss.series = [lineSeries('training', column('training_loss'))];
  if (hasValues(column('validation_loss'))) {
    loss.series.push(lineSeries('validation', column('validation_loss')));
  }
  if (history.length) { draw('chart-loss', loss); } else { drawEmpty('chart-loss', 'Loss per epoch', 'No completed epoch'); }

  // Quality: validation accuracy for classification, RMSE for regression; the test value as a line.
  var regression = hasValues(column('validation_rmse')) || (run.test && run.test.rmse !== null && run.test.accuracy === null);
  var qualityName = regression ? 'validation_rmse' : 'validation_accuracy';
  var qualityTitle = regression ? 'Validation RMSE per epoch' : 'Validation accuracy per epoch';
  if (hasValues(column(qualityName))) {
    var quality = baseOption(qualityTitle, regression ? 'RMSE' : 'accuracy');
    var series = lineSeries('validation', column(qualityName));
    var testValue = null;
    if (run.test) {
      testValue = regression ? run.test.rmse : run.test.accuracy;
    }
    if (testValue !== null && testValue !== undefined) {
      series.markLine = { symbol: 'none', lineStyle: { type: 'dashed', color: '#2f8a4c' },
                          label: { formatter: 'test ' + formatNumber(testValue), position: 'insideMiddleTop' },
                          data: [{ yAxis: testValue }] };
    }
    quality.series = [series];
    draw('chart-quality', quality);
  } else {
    drawEmpty('chart-quality', qualityTitle, 'No epoch was evaluated on validation data');
  }

  // Learning rate of each epoch's last step: a sample of the per-step schedule, so no step shape.
  var rateTitle = 'Learning rate at end of epoch';
  var rate = baseOption(rateTitle, 'rate');
  rate.legend = { show: false };
  rate.series = [lineSeries('learning rate', column('learning_rate'))];
  if (history.length) { draw('chart-learning-rate', rate); } else { drawEmpty('chart-learning-rate', rateTitle, 'No completed epoch'); }

  // Throughput: training examples per second of each epoch's steps.
  var throughput = baseOption('Throughput', 'examples/s');
  throughput.legend = { show: false };
  throughput.yAxis.scale = false;
  throughput.series = [{ name: 'examples/s', type: 'bar', data: column('examples_per_second'),
                         itemStyle: { color: '#8e44ad' }, barMaxWidth: 36 }];
  if (history.length) { draw('chart-throughput', throughput); } else { drawEmpty('chart-throughput', 'Throughput', 'No completed epoch'); }

  // Confusion matrix of the test set as a heat map: x = predicted class, y = true class.
  var matrix = run.test && run.test.confusion_matrix;
  if (matrix && matrix.length) {
    var labels = matrix.map(function (_, index) { return String(index); });
    var cells = [];
    var maxCount = 0;
    matrix.forEach(function (row, actual) {
      row.forEach(function (count, predicted) {
        cells.push([predicted, actual, count]);
        maxCount = Math.max(maxCount, count);
      });
    });
    draw('chart-confusion', {
      animation: false,
      title: { text: 'Test confusion matrix', left: 8, top: 4,
               textStyle: { fontSize: 14, fontWeight: 600, color: '#1f2933' } },
      tooltip: { position: 'top', formatter: function (p) {
        return 'true ' + labels[p.value[1]] + ', predicted ' + labels[p.value[0]] + ': ' + p.value[2];
      } },
      grid: { left: 64, right: 88, top: 48, bottom: 56 },
      xAxis: { type: 'category', data: labels, name: 'predicted class', nameLocation: 'middle', nameGap: 32,
               splitArea: { show: true } },
      yAxis: { type: 'category', data: labels, name: 'true class', nameLocation: 'middle', nameGap: 40,
               inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(1, maxCount), calculable: false, orient: 'vertical', right: 8,
                   top: 'middle', itemHeight: 300, text: [String(maxCount), '0'], textStyle: { color: '#616e7c' }, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
      series: [{ name: 'examples', type: 'heatmap', data: cells,
                 label: { show: matrix.length <= 20, fontSize: 11,
                          formatter: function (p) { return p.value[2] ? String(p.value[2]) : ''; } },
                 emphasis: { itemStyle: { borderColor: '#1f2933', borderWidth: 1 } } }]
    });
  }

  document.body.setAttribute('data-render-state', 'complete');
})();
