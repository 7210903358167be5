CongkhaiSearch.load("s:0",{"000":[[],"HU"],"01":[[],"AM"],"0239":[[],"HM"]});
